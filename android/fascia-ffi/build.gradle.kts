// The native library (src/main/jniLibs, per ABI) and the generated bindings
// (build/generated/uniffi/kotlin), both written by bindings/package-android.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "app.fascia.ffi"
    compileSdk = 35
    defaultConfig { minSdk = 24 }
    sourceSets["main"].java.srcDir("build/generated/uniffi/kotlin")
    packaging { jniLibs.useLegacyPackaging = false } // keep .so files page-aligned in the APK
}

dependencies {
    // >= 5.16: its libjnidispatch.so is aligned for 16 KB pages (Android 15+).
    api("net.java.dev.jna:jna:5.17.0@aar")
}
