//! Mounting, and telling `index.html`'s fallback script that the app started.

use leptos::prelude::*;

/// Mounts the app into `<body>` and marks the document as booted, which
/// hides the "this browser could not start the app" fallback.
pub fn mount() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
    leptos::mount::mount_to_body(crate::App);
}
