//! Generates the Kotlin and Swift bindings from the built library (library mode):
//! `cargo run -p fascia-ffi --features bindgen --bin uniffi-bindgen -- generate --library …`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
