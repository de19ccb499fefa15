//! Generates the Swift sources, C headers and one module map for every crate in the library:
//! `cargo run -p fascia-ffi --features bindgen --bin uniffi-bindgen-swift -- …` (see `bindings/generate`).

fn main() {
    uniffi::uniffi_bindgen_swift()
}
