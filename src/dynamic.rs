//! Reactive views and effects typed by what they do, not by their closure.
//!
//! Leptos runs a reactive child (`{move || …}`) or an effect through code
//! made for that closure's own type: a render effect or an effect task, and
//! the logic around it. The wasm had one copy for every such closure.
//! Boxed, the closures share one copy: views by the type they return (as
//! Leptos' shared reactive function), effects all together
//! (docs/wasm-weight.md).

use leptos::prelude::Effect;
use leptos::tachys::reactive_graph::SharedReactiveFunction;
use std::sync::{Arc, Mutex};

/// `f` as a reactive view, re-run when the signals it reads change.
pub fn dynamic<T: 'static>(f: impl FnMut() -> T + Send + 'static) -> SharedReactiveFunction<T> {
    Arc::new(Mutex::new(f))
}

/// Runs `f` once the view is mounted, and again whenever the signals it
/// reads change: a Leptos `Effect`, through one shared copy of its code.
pub fn effect(f: impl Fn() + 'static) {
    run_effect(Box::new(f));
}

fn run_effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}
