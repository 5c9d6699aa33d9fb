//! Reusable views. Plain data in, no fetching.

mod block_view;
mod byline;
mod card;
mod edition_switcher;
mod error_view;
pub(crate) mod figure;
mod masthead;
mod picture;
mod rail;
mod share_bar;
mod signup_form;
mod site_footer;
mod spans;
mod story_header;
mod story_skeleton;
mod subscribe_promo;
mod theme_toggle;
mod video_view;

pub use block_view::BlockView;
pub use byline::Byline;
pub use card::Card;
pub use edition_switcher::EditionSwitcher;
pub use error_view::ErrorView;
pub use figure::Figure;
pub use masthead::Masthead;
pub use picture::Picture;
pub use rail::Rail;
pub use share_bar::ShareBar;
pub use signup_form::{SignupForm, SignupVariant};
pub use site_footer::SiteFooter;
pub use spans::Spans;
pub use story_header::StoryHeader;
pub use story_skeleton::StorySkeleton;
pub use subscribe_promo::SubscribePromo;
pub use theme_toggle::ThemeToggle;
pub use video_view::VideoView;
