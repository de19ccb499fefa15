// The app's own copy that FasciaKit hands the views (confirmations, the advice around an error):
// each is a key of the app's String Catalog, ios/App/Localizable.xcstrings, whose key is its
// English, looked up there on iOS. StringCatalogTests checks every `localized("…")` in FasciaKit
// is a key, and that FasciaKit writes no other English. The core's words never come through here:
// they come from its text functions (Words.swift).
import Foundation

#if canImport(Darwin)
/// A catalog key with its values: `"Imported: \(n) added"` is the key `Imported: %lld added`.
typealias CatalogKey = String.LocalizationValue

/// The catalog's text for `key` (the app's main bundle), its values filled in.
func localized(_ key: CatalogKey) -> String { String(localized: key) }
#else
/// Linux (tests/swift) has no String Catalog lookup: the key's English, its values in place.
typealias CatalogKey = String

func localized(_ key: CatalogKey) -> String { key }
#endif
