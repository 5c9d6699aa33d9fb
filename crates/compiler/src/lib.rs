//! The Standfirst content compiler: authoring JSON -> the static delivery API.
pub mod authoring;
pub mod benchgen;
pub mod build;
pub mod cache;
pub mod convert;
pub mod diag;
pub mod error;
pub mod feeds;
pub mod fronts;
pub mod load;
pub mod markdown;
pub mod media;
pub mod output;
pub mod rank;
pub mod schema;
pub mod strings;
pub mod validate;
