//! The core is a ladder (docs/architecture.md): each module imports only modules on lower rungs,
//! so nothing reaches back up and no two modules import each other. This test reads every source
//! file of `core/src`, collects each `crate::` path it uses (in `use` trees, in code, and in
//! `#[serde(with = "crate::…")]`), and fails on an edge that does not run down. Test code
//! (`#[cfg(test)]`) may reach anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The rungs, bottom first. A module may import modules of lower rungs only; modules on one rung
/// do not import each other.
const LADDER: &[&[&str]] = &[
    // Leaves: text keys, time zones, instants as files write them.
    &["keys", "time", "instant"],
    // Vocabulary: sides, session events, reasons as text keys, names, kinds of failure.
    &["vocab"],
    // Content: the zone map and its text.
    &["zones"],
    // Content: the dynamic warm-up's moves (checked against the zone map).
    &["warmup"],
    // Pictures: the pose model, the technique drawings, the body map and the warm-up's moves.
    &["pictures"],
    // Pure builders and rules.
    &["routine"],
    &["model"],
    &["safety"],
    &["timer"],
    &["session"],
    // Runs read from the runner's files and health store.
    &["activity"],
    &["error"],
    // Planners.
    &["plan"],
    &["reminders", "insights"],
    // The sentences made from the planners' figures.
    &["words"],
    // Storage.
    &["store"],
    // The one way in, and its export to the apps.
    &["journal"],
    &["ffi"],
];

/// Edges that run down but must not exist: the store keeps what the session module returns and
/// never replays a timer itself.
const APART: &[(&str, &str)] = &[("store", "timer"), ("store", "session")];

fn rung(module: &str) -> Option<usize> {
    LADDER.iter().position(|r| r.contains(&module))
}

/// The top-level module a `crate::` path names; items re-exported at the crate root
/// (`crate::Result`) belong to the module they come from.
fn module_of<'a>(first: &'a str, root_reexports: &'a BTreeMap<String, String>) -> &'a str {
    root_reexports.get(first).map_or(first, String::as_str)
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta.require_list().is_ok_and(|l| {
                let t = l.tokens.to_string();
                t == "test"
                    || t.starts_with("test ")
                    || t.contains("test,")
                    || t.ends_with(", test")
            })
    })
}

/// Every `crate::first` a file uses outside test code.
#[derive(Default)]
struct Uses {
    firsts: BTreeSet<String>,
    /// `mod x;` declared under `#[cfg(test)]`: files that are test code.
    test_mods: BTreeSet<String>,
}

impl Uses {
    fn tree(&mut self, tree: &syn::UseTree, at_crate: bool) {
        match tree {
            syn::UseTree::Path(p) if !at_crate && p.ident == "crate" => self.tree(&p.tree, true),
            syn::UseTree::Path(_) if !at_crate => {}
            syn::UseTree::Path(p) => {
                self.firsts.insert(p.ident.to_string());
            }
            syn::UseTree::Name(n) if at_crate => {
                self.firsts.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) if at_crate => {
                self.firsts.insert(r.ident.to_string());
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.tree(t, at_crate);
                }
            }
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for Uses {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_cfg_test(attrs) {
            if let syn::Item::Mod(m) = item {
                if m.content.is_none() {
                    self.test_mods.insert(m.ident.to_string());
                }
            }
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.tree(&u.tree, false);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
            if first.ident == "crate" {
                self.firsts.insert(second.ident.to_string());
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        // `#[serde(with = "crate::instant")]` names a module in a string.
        let text = attr.meta.to_token_stream_string();
        for part in text.split("\"crate::").skip(1) {
            let first: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            self.firsts.insert(first);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Paths inside macro calls (`format!`, `named_enum!`) are tokens, not parsed paths.
        let text = mac.tokens.to_string();
        for part in text.split("crate ::").skip(1) {
            let first: String = part
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !first.is_empty() {
                self.firsts.insert(first);
            }
        }
    }
}

trait TokenText {
    fn to_token_stream_string(&self) -> String;
}

impl TokenText for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote_free(self)
    }
}

fn quote_free(meta: &syn::Meta) -> String {
    match meta {
        syn::Meta::List(l) => l.tokens.to_string(),
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(l) => match &l.lit {
                syn::Lit::Str(s) => format!("\"{}\"", s.value()),
                _ => String::new(),
            },
            _ => String::new(),
        },
        syn::Meta::Path(_) => String::new(),
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("core/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules each top-level module imports, from the sources under `src`.
fn edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    // Names the crate root re-exports, and the module each comes from.
    let mut root_reexports = BTreeMap::new();
    let mut root = Uses::default();
    for item in parse(&src.join("lib.rs")).items {
        if let syn::Item::Use(u) = &item {
            collect_reexports(&u.tree, None, &mut root_reexports);
        }
        root.visit_item(&item);
    }
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut test_files = BTreeSet::new();
    let mut per_file = Vec::new();
    for file in &files {
        let mut uses = Uses::default();
        uses.visit_file(&parse(file));
        for m in &uses.test_mods {
            let dir = if file
                .file_name()
                .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
            {
                file.parent().expect("dir").to_owned()
            } else {
                file.with_extension("")
            };
            test_files.insert(dir.join(format!("{m}.rs")));
        }
        per_file.push((file.clone(), uses.firsts));
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, firsts) in per_file {
        if test_files.contains(&file) {
            continue;
        }
        let rel = file.strip_prefix(src).expect("under src");
        let mut parts = rel.components();
        let first = parts.next().expect("a file").as_os_str().to_string_lossy();
        if first == "lib.rs" {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_owned();
        let imports = graph.entry(module.clone()).or_default();
        for f in &firsts {
            let target = module_of(f, &root_reexports);
            if target != module {
                imports.insert(target.to_owned());
            }
        }
    }
    graph
}

fn collect_reexports(
    tree: &syn::UseTree,
    module: Option<String>,
    out: &mut BTreeMap<String, String>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            let next = match &module {
                None if p.ident == "crate" || p.ident == "self" => None,
                None => Some(p.ident.to_string()),
                Some(m) => Some(m.clone()),
            };
            collect_reexports(&p.tree, next, out);
        }
        syn::UseTree::Name(n) => {
            if let Some(m) = module {
                out.insert(n.ident.to_string(), m);
            }
        }
        syn::UseTree::Rename(r) => {
            if let Some(m) = module {
                out.insert(r.rename.to_string(), m);
            }
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_reexports(t, module.clone(), out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// Every edge that does not run down the ladder, and every module the ladder does not place.
fn violations(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (module, imports) in graph {
        let Some(from) = rung(module) else {
            found.push(format!(
                "module `{module}` has no rung on the ladder (tests/layers.rs)"
            ));
            continue;
        };
        for target in imports {
            if APART.contains(&(module.as_str(), target.as_str())) {
                found.push(format!(
                    "`{module}` imports `{target}`, which it must stay apart from"
                ));
                continue;
            }
            match rung(target) {
                Some(to) if to < from => {}
                Some(to) if to == from => found.push(format!(
                    "`{module}` imports `{target}`, on the same rung: they must not know each other"
                )),
                Some(_) => found.push(format!("`{module}` imports `{target}`, which is above it")),
                None => found.push(format!("`{module}` imports `{target}`, which has no rung")),
            }
        }
    }
    found
}

#[test]
fn every_import_runs_down_the_ladder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = edges(&src);
    assert!(graph.len() >= 12, "read the modules: {graph:?}");
    let found = violations(&graph);
    assert!(
        found.is_empty(),
        "imports that run up:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_sees_an_edge_that_runs_up() {
    // The shape of the core before the ladder: the error module imported the store, which
    // imports it back; the model and the routine imported each other; the store replayed timers.
    let dir = tempfile::tempdir().expect("dir");
    let src = dir.path();
    std::fs::create_dir(src.join("store")).expect("store");
    let files = [
        ("lib.rs", "pub use error::{Error, Result};\nmod error; mod store; mod model; mod routine; mod timer;"),
        ("error.rs", "use crate::store::StoreError;\n#[cfg(test)]\nmod tests { use crate::journal::Journal; }"),
        ("store/mod.rs", "use crate::Result;\nfn f() { crate::timer::Timer::from_log(); }"),
        ("model.rs", "#[serde(with = \"crate::routine\")]\nstruct S;"),
        ("routine.rs", "use crate::{model::{Name, Reason}, keys};"),
        ("timer.rs", "use crate::vocab::Event;"),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).expect("write");
    }
    let graph = edges(src);
    assert_eq!(graph["error"], BTreeSet::from(["store".to_owned()]));
    assert_eq!(
        graph["store"],
        BTreeSet::from(["error".to_owned(), "timer".to_owned()])
    );
    assert_eq!(graph["model"], BTreeSet::from(["routine".to_owned()]));
    let found = violations(&graph);
    for edge in [
        "`error` imports `store`",
        "`store` imports `timer`",
        "`routine` imports `model`",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(edge)),
            "{edge} not seen in {found:?}"
        );
    }
    assert!(
        !found.iter().any(|f| f.contains("journal")),
        "test code counted: {found:?}"
    );
}
