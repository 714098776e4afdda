//! The page: the yew front end (see the library's documentation).

fn main() {
    nnplay_app::start_page();
}
