//! The learner's own files as training data: which importer of `nnplay_data::import`
//! reads them, decided by their extensions, and what the page says about the result.
//! The page's own sentences are in the page's language; the importers' errors stay
//! English, as the engine writes them.

use crate::texts::{Language, Translated};
use nnplay_data::TensorData;
use nnplay_data::corpus::Corpus;
use nnplay_data::import::{
    CsvOptions, ImageOptions, ImportLimits, TaskChoice, import_csv, import_images, import_npy_pair, import_safetensors,
    import_text,
};

/// Windows cut from an uploaded text, and their length in characters.
const TEXT_WINDOWS: usize = 1000;
const TEXT_WINDOW_LENGTH: usize = 32;
/// The seed of the text windows: the suggested model's, as for every run the page builds.
const TEXT_SEED: u64 = 1;

/// Windows of an uploaded text the page shows.
const TEXT_PREVIEWS: usize = 4;

/// Extensions read as images.
const IMAGE_EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "gif", "bmp"];

/// Every kind of file the upload takes, for the file input's `accept`.
pub const ACCEPT: &str = ".csv,.tsv,.txt,.safetensors,.npy,.png,.jpg,.jpeg,.gif,.bmp";

/// Files read into examples.
#[derive(Debug, Clone, PartialEq)]
pub struct UserData {
    /// The name the run records (the file, or the set of images).
    pub source: String,
    pub data: TensorData,
    /// Class names in index order, where the file names them.
    pub class_names: Vec<String>,
    /// A sentence on how the files were read.
    pub note: Translated,
    /// A few windows of an uploaded text, as text.
    pub texts: Vec<String>,
}

/// The lower-case extension of `path`, without the dot.
fn extension(path: &str) -> String {
    path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default()
}

/// The file name of `path` (its last component).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Reads `files` (path and bytes; a path may name a folder, as a folder upload gives) with
/// the importer their extensions call for; errors name the file and the place in it.
pub fn read(files: &[(String, Vec<u8>)], language: Language) -> Result<UserData, String> {
    let limits = ImportLimits::default();
    let [(path, bytes)] = files else {
        return several(files, &limits, language);
    };
    let name = file_name(path);
    let error = |e: nnplay_data::import::ImportError| e.to_string();
    match extension(name).as_str() {
        "csv" | "tsv" => {
            let table = import_csv(name, bytes, &CsvOptions::default(), &limits).map_err(error)?;
            let regression = table.class_names.is_empty();
            let (features, label) = (table.feature_names.len(), &table.label_name);
            let note = Translated::new(
                format!(
                    "{features} feature column(s); the label column \"{label}\" is read as {}{}.",
                    if regression { "a regression" } else { "classes" },
                    if table.has_header { "" } else { " (no header row)" }
                ),
                format!(
                    "{features} 个特征列；标签列“{label}”按{}读取{}。",
                    if regression { "回归数值" } else { "类别" },
                    if table.has_header { "" } else { "（没有表头行）" }
                ),
            );
            Ok(UserData {
                source: name.into(),
                data: table.data,
                class_names: table.class_names,
                note,
                texts: Vec::new(),
            })
        }
        "txt" => {
            let text = import_text(name, bytes, &limits).map_err(error)?;
            let (data, corpus) = text_windows(name, &text.text, language)?;
            let (chars, distinct, window) = (text.chars, text.distinct_chars, data.input_shape[0]);
            let note = Translated::new(
                format!(
                    "{chars} characters, {distinct} distinct: a character model predicts the next one in windows \
                     of {window}."
                ),
                format!("{chars} 个字符，其中 {distinct} 个不同：字符模型在 {window} 个字符的窗口里预测下一个字符。"),
            );
            let texts = crate::loaded::text_samples(&data, &corpus, TEXT_PREVIEWS);
            Ok(UserData { source: name.into(), data, class_names: Vec::new(), note, texts })
        }
        "safetensors" => {
            let arrays = import_safetensors(name, bytes, TaskChoice::Auto, &limits).map_err(|e| {
                if looks_like_checkpoint(bytes) {
                    language.choose(
                        format!("{name} is a checkpoint, not data: open it with \"Load a checkpoint\""),
                        format!("{name} 是检查点，不是数据：请用“载入检查点”打开它"),
                    )
                } else {
                    e.to_string()
                }
            })?;
            let (x, y) = (&arrays.x_dtype, &arrays.y_dtype);
            let note = Translated::new(format!("Tensors x ({x}) and y ({y})."), format!("张量 x（{x}）和 y（{y}）。"));
            Ok(UserData { source: name.into(), data: arrays.data, class_names: Vec::new(), note, texts: Vec::new() })
        }
        ext if IMAGE_EXTENSIONS.contains(&ext) => several(files, &limits, language),
        _ => Err(unknown_kind(name, language)),
    }
}

/// Several files: images, or an `x.npy` and `y.npy` pair.
fn several(files: &[(String, Vec<u8>)], limits: &ImportLimits, language: Language) -> Result<UserData, String> {
    if files.is_empty() {
        return Err(language.pick("no file was chosen", "没有选择文件").into());
    }
    let extensions: Vec<String> = files.iter().map(|(path, _)| extension(file_name(path))).collect();
    if files.len() == 2 && extensions.iter().all(|e| e == "npy") {
        return npy_pair(files, limits, language);
    }
    if let Some((path, _)) = files
        .iter()
        .zip(&extensions)
        .find(|((path, _), ext)| !IMAGE_EXTENSIONS.contains(&ext.as_str()) && !file_name(path).starts_with('.'))
        .map(|(file, _)| file)
    {
        let name = file_name(path);
        return Err(language.choose(
            format!(
                "{name} is not an image: several files are read as images (PNG, JPEG, GIF, BMP) named by class, \
                 or as an x.npy and y.npy pair; a table or a text is uploaded on its own"
            ),
            format!(
                "{name} 不是图片：多个文件会被当作按类别命名的图片（PNG、JPEG、GIF、BMP），\
                 或一对 x.npy 和 y.npy；表格或文本请单独上传"
            ),
        ));
    }
    let named: Vec<(&str, &[u8])> = files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())).collect();
    let images = import_images(&named, &ImageOptions::default(), limits).map_err(|e| e.to_string())?;
    let counts: Vec<String> =
        images.class_names.iter().zip(&images.class_counts).map(|(name, count)| format!("{name} {count}")).collect();
    let from_folders = matches!(images.class_source, nnplay_data::import::ClassSource::Folder);
    let mut note = Translated::new(
        format!(
            "Classes from {}: {}.",
            if from_folders { "folder names" } else { "file-name prefixes" },
            counts.join(", ")
        ),
        format!("类别取自{}：{}。", if from_folders { "文件夹名" } else { "文件名前缀" }, counts.join("，")),
    );
    if !images.skipped.is_empty() {
        note.en.push_str(&format!(" Left out: {}.", images.skipped.join(", ")));
        note.zh.push_str(&format!("未使用：{}。", images.skipped.join("，")));
    }
    let source = image_set_name(files);
    Ok(UserData { source, data: images.data, class_names: images.class_names, note, texts: Vec::new() })
}

/// The images' common top folder (a folder upload), else "N images" (in English in both
/// languages: the run records it, and a checkpoint of the run is matched by it).
fn image_set_name(files: &[(String, Vec<u8>)]) -> String {
    let top = |path: &str| path.split(['/', '\\']).next().filter(|top| *top != path).map(str::to_string);
    let tops: Option<Vec<String>> = files.iter().map(|(path, _)| top(path)).collect();
    match tops {
        Some(tops) if tops.windows(2).all(|pair| pair[0] == pair[1]) && !tops.is_empty() => tops[0].clone(),
        _ => format!("{} images", files.len()),
    }
}

/// `x.npy` and `y.npy`, told apart by the last letter of their names.
fn npy_pair(files: &[(String, Vec<u8>)], limits: &ImportLimits, language: Language) -> Result<UserData, String> {
    let role = |path: &str| file_name(path).trim_end_matches(".npy").chars().last().map(|c| c.to_ascii_lowercase());
    let find = |wanted| files.iter().find(|(path, _)| role(path) == Some(wanted));
    let (Some((x_path, x)), Some((y_path, y))) = (find('x'), find('y')) else {
        return Err(language
            .pick(
                "two .npy files are read as inputs and labels: name them x.npy and y.npy",
                "两个 .npy 文件分别作为输入和标签：请把它们命名为 x.npy 和 y.npy",
            )
            .into());
    };
    let (x_name, y_name) = (file_name(x_path), file_name(y_path));
    let arrays = import_npy_pair((x_name, x), (y_name, y), TaskChoice::Auto, limits).map_err(|e| e.to_string())?;
    let (x, y) = (&arrays.x_dtype, &arrays.y_dtype);
    let note = Translated::new(
        format!("Arrays {x_name} ({x}) and {y_name} ({y})."),
        format!("数组 {x_name}（{x}）和 {y_name}（{y}）。"),
    );
    Ok(UserData { source: x_name.into(), data: arrays.data, class_names: Vec::new(), note, texts: Vec::new() })
}

/// Windows of `text` for a character model and the numbering of its characters; a text
/// too short for one window is refused.
fn text_windows(file: &str, text: &str, language: Language) -> Result<(TensorData, Corpus), String> {
    let corpus = Corpus::new(text).map_err(|e| format!("{file}: {}", e.0))?;
    let chars = corpus.ids().len();
    if chars < 3 {
        return Err(language.choose(
            format!("{file}: the text has {chars} character(s); a character model needs at least 3"),
            format!("{file}：文本只有 {chars} 个字符；字符模型至少需要 3 个"),
        ));
    }
    let length = TEXT_WINDOW_LENGTH.min(chars - 1);
    let data = corpus.windows(TEXT_WINDOWS, length, TEXT_SEED).map_err(|e| format!("{file}: {}", e.0))?;
    Ok((data, corpus))
}

/// Whether `bytes` is a safetensors file marked as an NN Playground checkpoint.
fn looks_like_checkpoint(bytes: &[u8]) -> bool {
    super::checkpoint_file::peek(bytes).is_some()
}

fn unknown_kind(name: &str, language: Language) -> String {
    language.choose(
        format!(
            "{name}: not a kind of file the page reads; upload a CSV table (.csv), a UTF-8 text (.txt), a \
             safetensors file with x and y, an x.npy and y.npy pair, or images (PNG, JPEG, GIF, BMP)"
        ),
        format!(
            "{name}：页面读不了这种文件；请上传 CSV 表格（.csv）、UTF-8 文本（.txt）、含 x 和 y 的 \
             safetensors 文件、一对 x.npy 和 y.npy，或图片（PNG、JPEG、GIF、BMP）"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> (String, Vec<u8>) {
        (path.to_string(), bytes.to_vec())
    }

    fn png(shade: u8) -> Vec<u8> {
        let mut bytes = Vec::new();
        let image = image_rgb(shade);
        image.write_to(&mut std::io::Cursor::new(&mut bytes), ::image::ImageFormat::Png).unwrap();
        bytes
    }

    fn image_rgb(shade: u8) -> ::image::DynamicImage {
        ::image::DynamicImage::ImageRgb8(::image::RgbImage::from_pixel(4, 4, ::image::Rgb([shade; 3])))
    }

    #[test]
    fn a_csv_table_is_read_with_its_label_column() {
        let csv = b"x,y,label\n0,1,a\n1,0,b\n0.5,0.5,a\n1,1,b\n";
        let data = read(&[file("points.csv", csv)], Language::En).unwrap();
        assert_eq!(data.source, "points.csv");
        assert_eq!((data.data.len, data.data.input_shape.clone(), data.data.classes), (4, vec![2], 2));
        assert_eq!(data.class_names, vec!["a", "b"]);
        assert!(data.note.en.contains("\"label\""), "{}", data.note.en);
        assert!(data.note.zh.contains("“label”") && data.note.zh.contains("类别"), "{}", data.note.zh);
    }

    #[test]
    fn a_bad_cell_names_the_file_line_and_column() {
        let csv = b"x,y,label\n0,1,a\n1,oops,b\n";
        let error = read(&[file("bad.csv", csv)], Language::Zh).unwrap_err();
        assert!(
            error.starts_with("bad.csv line 3, column 2 (\"y\"): expected a number"),
            "the importer's error: {error}"
        );
    }

    #[test]
    fn a_text_becomes_next_character_windows() {
        let data = read(&[file("poem.txt", "the cat sat on the mat\n".repeat(10).as_bytes())], Language::En).unwrap();
        assert_eq!(data.data.input_shape, vec![TEXT_WINDOW_LENGTH]);
        assert_eq!(data.data.target_shape, data.data.input_shape);
        assert_eq!(data.data.len, TEXT_WINDOWS);
        assert_eq!(data.texts.len(), TEXT_PREVIEWS);
        assert!(data.texts.iter().all(|t| t.chars().count() == TEXT_WINDOW_LENGTH), "{:?}", data.texts);
        let short = read(&[file("tiny.txt", b"ab")], Language::En).unwrap_err();
        assert_eq!(short, "tiny.txt: the text has 2 character(s); a character model needs at least 3");
        let short = read(&[file("tiny.txt", b"ab")], Language::Zh).unwrap_err();
        assert_eq!(short, "tiny.txt：文本只有 2 个字符；字符模型至少需要 3 个");
    }

    #[test]
    fn images_take_their_class_from_prefixes_or_folders() {
        let data = read(
            &[file("cat_1.png", &png(0)), file("dog_1.png", &png(255)), file("cat_2.png", &png(10))],
            Language::Zh,
        )
        .unwrap();
        assert_eq!(data.class_names, vec!["cat", "dog"]);
        assert_eq!(data.source, "3 images");
        assert!(data.note.en.starts_with("Classes from file-name prefixes: cat 2, dog 1"), "{}", data.note.en);
        assert!(data.note.zh.starts_with("类别取自文件名前缀：cat 2，dog 1"), "{}", data.note.zh);
        let folders = [file("pets/cats/a.png", &png(0)), file("pets/dogs/b.png", &png(255))];
        let data = read(&folders, Language::En).unwrap();
        assert_eq!((data.source.as_str(), data.class_names.clone()), ("pets", vec!["cats".into(), "dogs".into()]));
    }

    #[test]
    fn unknown_or_mixed_files_are_refused_with_what_is_read() {
        let en = Language::En;
        assert!(read(&[file("notes.docx", b"x")], en).unwrap_err().starts_with("notes.docx: not a kind of file"));
        let error = read(&[file("cat_1.png", &png(0)), file("points.csv", b"1,2")], en).unwrap_err();
        assert!(error.starts_with("points.csv is not an image"), "{error}");
        assert_eq!(read(&[], en).unwrap_err(), "no file was chosen");
        let zh = Language::Zh;
        assert!(read(&[file("notes.docx", b"x")], zh).unwrap_err().starts_with("notes.docx：页面读不了这种文件"));
        let error = read(&[file("cat_1.png", &png(0)), file("points.csv", b"1,2")], zh).unwrap_err();
        assert!(error.starts_with("points.csv 不是图片"), "{error}");
        assert_eq!(read(&[], zh).unwrap_err(), "没有选择文件");
    }
}
