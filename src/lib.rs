//! Standfirst: a news publication's reader-facing site, rendered in the
//! browser by Leptos. Data comes from the static JSON API that the content
//! compiler (`crates/compiler`) writes; only `api` touches the network.

pub mod api;
pub mod app;
pub mod boot;
pub mod components;
pub mod format;
pub mod nav;
pub mod pages;
pub mod prefs;

pub use app::App;
