//! `cargo xtask serve`: the app, built in release by Trunk, rebuilt on change.

use crate::install;
use crate::process::{cmd, run, step};
use anyhow::Result;

/// Installs what Trunk needs, then runs `trunk serve --release` on `address:port`, with
/// the strict Content-Security-Policy header of Trunk.toml.
pub fn serve(address: &str, port: u16) -> Result<()> {
    install::wasm_target()?;
    install::wasm_bindgen()?;
    install::trunk()?;
    install::node_packages()?;

    let host = match address {
        "0.0.0.0" | "::" => "127.0.0.1",
        other => other,
    };
    let url = if host.contains(':') { format!("http://[{host}]:{port}") } else { format!("http://{host}:{port}") };
    println!("\n    NN Playground will be at  {url}  once the first build finishes (Ctrl-C stops)\n");
    step("serve: trunk serve --release", || {
        run(
            "serve",
            cmd("trunk")
                // Live reload is an inline script, which the page's CSP (Trunk.toml) refuses.
                .args(["serve", "--release", "--no-autoreload", "--address", address])
                .args(["--port", &port.to_string()])
                .env("PATH", install::path_with_node_bins()?),
        )
    })
}
