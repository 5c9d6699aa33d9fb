//! Entry point: install the panic hook (development builds) and mount the
//! app. Nothing else.

fn main() {
    // Panic messages on the console in development builds (`make dev`).
    // The release wasm leaves the hook out (1 KB of brotli wasm): the app
    // does not panic on bad input, and a panic there still stops with an
    // error on the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    standfirst::boot::mount();
}
