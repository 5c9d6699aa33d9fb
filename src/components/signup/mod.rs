//! The newsletter sign-up: the form (`form.rs`), its state and what
//! submitting does (`state.rs`), its fields (`fields.rs`), its announced
//! status (`status.rs`) and the ids that tie labels and errors to fields
//! (`ids.rs`).

mod fields;
mod form;
mod ids;
mod state;
mod status;

pub use form::SignupForm;
pub use ids::FormIds;

/// Which lists a form signs up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupTarget {
    /// One list, fixed (inline and end-of-article forms).
    List(String),
    /// The reader chooses among every list (the newsletters page).
    Choice,
}

/// Where the form sits, which sets its size and copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupVariant {
    /// In a story's body: one list, compact.
    Inline,
    /// After a story: one list, with its description.
    EndOfArticle,
    /// The newsletters page: every list, several selectable.
    Page,
}
