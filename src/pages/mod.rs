//! One file per route. Pages own their data and pass plain values down.

mod front_page;
mod newsletters_page;
mod not_found;
mod page_loader;
mod saved_page;
mod search_page;
mod section_page;
mod story_page;

pub use front_page::FrontPage;
pub use newsletters_page::NewslettersPage;
pub use not_found::NotFound;
pub use page_loader::{Load, Loaded, PageLoader};
pub use saved_page::SavedPage;
pub use search_page::SearchPage;
pub use section_page::SectionPage;
pub use story_page::StoryPage;
