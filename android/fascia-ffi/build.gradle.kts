// The Rust library per ABI (src/main/jniLibs) and its generated Kotlin bindings
// (src/main/uniffi/kotlin), both written by bindings/package-android: outside build/, so that
// `clean` keeps them, and ignored by git. `buildRust` runs it before every build (it needs the
// Android NDK and cargo-ndk; docs/android.md); `-Pfascia.prebuiltRust=true` skips it.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "app.fascia.ffi"
    compileSdk = 35
    defaultConfig { minSdk = 26 }
    sourceSets["main"].java.srcDir("src/main/uniffi/kotlin")
    packaging { jniLibs.useLegacyPackaging = false } // keep .so files page-aligned in the APK
}

val repo = rootDir.parentFile
val buildRust = tasks.register<Exec>("buildRust") {
    group = "build"
    description = "Builds libfascia_ffi.so for arm64-v8a, armeabi-v7a and x86_64 and generates its Kotlin bindings"
    onlyIf { providers.gradleProperty("fascia.prebuiltRust").orNull != "true" }
    workingDir = repo
    commandLine("bindings/package-android")
    inputs.dir(repo.resolve("core/src"))
    inputs.dir(repo.resolve("core/content"))
    inputs.dir(repo.resolve("bindings/src"))
    inputs.files(repo.resolve("Cargo.lock"), repo.resolve("bindings/uniffi.toml"), repo.resolve("core/uniffi.toml"))
    outputs.dir("src/main/jniLibs")
    outputs.dir("src/main/uniffi")
}
tasks.named("preBuild") { dependsOn(buildRust) }

dependencies {
    // >= 5.16: its libjnidispatch.so is aligned for 16 KB pages (Android 15+).
    api("net.java.dev.jna:jna:5.17.0@aar")
}
