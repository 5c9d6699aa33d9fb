//! `import ghost`: a Ghost JSON export -> content.

use super::{ImportReport, Options};
use std::path::Path;

pub fn import(file: &Path, _opts: Options) -> Result<ImportReport, String> {
    Err(format!(
        "{}: the Ghost importer is not written yet",
        file.display()
    ))
}
