//! Standfirst: a news publication's reader-facing site. The same Leptos
//! components render every page to HTML at build time (feature `ssr`,
//! `crates/prerender`) and run in the browser as the app that takes the
//! page over (feature `csr`). Data comes from the static JSON API that the
//! content compiler writes; only `api` touches the network.

// Built natively (ssr), the pages' nested view types need more than the
// default query depth when the compiler lays out their async render paths.
#![recursion_limit = "256"]

// "In the browser" is spelled `#[cfg(feature = "csr")]` and "at build time"
// `#[cfg(feature = "ssr")]`, nothing else (`make lint` holds to it). So exactly
// one of the two features must be on.
#[cfg(all(feature = "csr", feature = "ssr"))]
compile_error!("features `csr` (the browser app) and `ssr` (prerendering) exclude each other: enable exactly one");
#[cfg(not(any(feature = "csr", feature = "ssr")))]
compile_error!("enable exactly one of the features `csr` (the browser app, built by trunk) or `ssr` (prerendering)");

pub mod api;
pub mod app;
#[cfg(feature = "csr")]
pub mod boot;
pub mod components;
pub mod dynamic;
pub mod format;
pub mod i18n;
pub mod json;
#[cfg(feature = "csr")]
pub mod live;
pub mod nav;
pub mod pages;
pub mod prefs;
pub mod prerendered;
pub mod route;
pub mod saved;
pub mod url;

pub use app::App;
