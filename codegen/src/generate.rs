//! The back end: progenitor on a normalized, validated document, then the passes over its
//! output, then printing, all on one thread.
//!
//! progenitor runs on a large stack of its own (`stacker` switches the calling thread to it),
//! so that deeply nested schemas cannot overflow the caller's; everything that needs its
//! tokens runs there too: parsing them into a syntax tree (as stock progenitor's users do, with
//! `syn::parse2`), the passes, and printing. Only text and plain values come back. (A thread of
//! its own would do as well, but would start with an empty allocator arena, which makes
//! progenitor a fifth slower.) Validation rules out the constructs progenitor is known to panic
//! on; should anything still panic, the panic is caught and reported as an error naming the
//! spec and the step, rather than taking the whole run down.

use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

use openapiv3::OpenAPI;
use progenitor_impl::{CrateVers, GenerationSettings, Generator, InterfaceStyle, TagStyle};

use crate::dependencies::{self, Dependency};
use crate::error::{Error, Result};
use crate::normalize::openapi31::tuples;
use crate::notes::Notes;
use crate::settings::{Interface, Options};

/// The stack progenitor runs on. typify recurses once per level of schema nesting, with large
/// frames; the loaders let documents nest 128 levels deep, more than a test thread's 2 MiB stack
/// can hold. The memory is only reserved: pages that are not touched are never allocated.
const STACK_SIZE: usize = 512 * 1024 * 1024;

/// The client module, printed, and what the crate around it needs to know of it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The module's code: progenitor's output after the passes, printed by prettyplease.
    pub code: String,
    /// The crates the code refers to, in [`dependencies::DEPENDENCIES`] order.
    pub dependencies: Vec<&'static Dependency>,
    /// A call of one operation whose arguments can all be written as literals, for the crate's
    /// example: `client.delete_token("id").await?;`, or in the builder style
    /// `client.delete_token().id("id").send().await?;`.
    pub example_call: Option<String>,
    /// How the operations are called.
    pub interface: Interface,
    /// The typed mocks of its operations (the crate's `mock` module).
    pub mock: crate::mock::Module,
}

/// The steps run on the generator's thread, for messages about a panic.
const STEPS: [&str; 4] = [
    "progenitor",
    "reading progenitor's output",
    "the passes",
    "printing",
];

/// Generates the client module of `spec` (whose `notes` normalization wrote) as `options` say;
/// `file` names the spec in errors.
pub fn generate(
    file: &Path,
    spec: &OpenAPI,
    notes: &Notes,
    options: &Options,
) -> Result<Generated> {
    let step = AtomicU8::new(0);
    let outcome = stacker::grow(STACK_SIZE, || {
        quiet_panics(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(file, spec, notes, options, &step)
            }))
        })
    });
    outcome.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        let at = STEPS[usize::from(step.load(Ordering::Relaxed)).min(STEPS.len() - 1)];
        Err(Error::Generate {
            file: file.to_path_buf(),
            message: format!("{at} panicked: {message}"),
        })
    })
}

thread_local! {
    /// Whether this thread is in [`quiet_panics`]: a panic here becomes an error, and the
    /// panic hook must not print it (nor its backtrace) to the user's terminal.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the panic hook silent on this thread: a panic inside progenitor or typify is
/// caught and reported as an error in our words, so the default hook's message and backtrace
/// must not reach the user. Other threads' panics are printed as before (the hook is process
/// wide, so it is installed once and asks the thread).
fn quiet_panics<T>(f: impl FnOnce() -> T) -> T {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let out = f();
    QUIET.with(|q| q.set(was));
    out
}

/// Every step, on the large stack.
fn run(
    file: &Path,
    spec: &OpenAPI,
    notes: &Notes,
    options: &Options,
    step: &AtomicU8,
) -> Result<Generated> {
    let generate = |message: String| Error::Generate {
        file: file.to_path_buf(),
        message,
    };
    let mut generator = Generator::new(&settings(options));
    let tokens = generator
        .generate_tokens(spec)
        .map_err(|e| generate(refusal(&e)))?;
    let types = generator.get_type_space();
    let mut uses = dependencies::Uses {
        types: false,
        chrono: types.uses_chrono(),
        uuid: types.uses_uuid(),
        regress: types.uses_regress(),
        serde_json: types.uses_serde_json(),
        futures: generator.uses_futures(),
        websockets: generator.uses_websockets(),
    };
    drop(generator);
    step.store(1, Ordering::Relaxed);
    let mut tree: syn::File = syn::parse2(tokens)
        .map_err(|e| generate(format!("progenitor's output is not a Rust file: {e}")))?;
    step.store(2, Ordering::Relaxed);
    crate::passes::run(&mut tree, spec, notes).map_err(|message| Error::Pass {
        file: file.to_path_buf(),
        message,
    })?;
    uses.types = has_types(&tree);
    // The crates of the settings' derives and replacements (`::uuid::Uuid`), which progenitor
    // and typify do not count.
    let named: Vec<syn::Path> = options
        .types
        .derives
        .iter()
        .chain(options.types.replacements.iter().map(|r| &r.rust_type))
        .filter_map(|p| syn::parse_str(p).ok())
        .collect();
    let dependencies = dependencies::with_paths(dependencies::of(uses), &named);
    let example_call = match options.interface {
        Interface::Positional => example_call(&tree),
        Interface::Builder => builder_example_call(&tree),
    };
    let mocks = |message| Error::Pass {
        file: file.to_path_buf(),
        message: format!("the mocks: {message}"),
    };
    let operations = crate::mock::read(&tree, spec, notes).map_err(mocks)?;
    step.store(3, Ordering::Relaxed);
    let code = prettyplease::unparse(&tree);
    drop(tree);
    let mock = operations.module(example_call.as_deref());
    Ok(Generated {
        code,
        dependencies,
        example_call,
        interface: options.interface,
        mock,
    })
}

/// What progenitor's refusal of a document means, in our words (its own messages name no
/// place, and some print a library value).
fn refusal(error: &progenitor_impl::Error) -> String {
    use progenitor_impl::Error as E;
    match error {
        E::TypeError(typify::Error::InvalidValue) => "a schema's `default`, `enum` or `const` \
            holds a value the schema itself does not allow, and the Rust types cannot be made; \
            check the values written beside each schema's `type`, `minimum` and `maximum`"
            .to_string(),
        E::TypeError(typify::Error::InvalidSchema { type_name, reason }) => match type_name {
            Some(name) => {
                format!("the schema of the type `{name}` cannot be made a Rust type: {reason}")
            }
            None => format!("a schema cannot be made a Rust type: {reason}"),
        },
        E::TypeError(typify::Error::BadValue(what, _)) | E::BadValue(what, _) => {
            format!("a value in a schema is not of the type expected ({what})")
        }
        E::UnexpectedFormat(what) => format!("progenitor does not read this document: {what}"),
        E::InvalidPath(path) => {
            format!("the path `{path}` is not a path template progenitor reads")
        }
        other => format!("progenitor refused the document: {other}"),
    }
}

/// progenitor's settings: the interface style `options` choose (positional by default), one
/// `Client`, the runtime's configuration as its inner value, the runtime's tuple aliases
/// honoured in `x-rust-type`, and the derives and replacements `options` give the types.
fn settings(options: &Options) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(match options.interface {
            Interface::Positional => InterfaceStyle::Positional,
            Interface::Builder => InterfaceStyle::Builder,
        })
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote::quote!(runtime::Config))
        .with_crate(tuples::ALIAS_CRATE, CrateVers::Any, None);
    for derive in &options.types.derives {
        settings.with_derive(derive.clone());
    }
    for r in &options.types.replacements {
        settings.with_replacement(
            crate::names::type_name(&r.schema),
            &r.rust_type,
            std::iter::empty(),
        );
    }
    settings
}

/// Whether the `types` module holds a type (each derives or implements serde's traits).
fn has_types(file: &syn::File) -> bool {
    file.items.iter().any(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().is_some_and(|(_, items)| {
            items
                .iter()
                .any(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_)))
        }),
        _ => false,
    })
}

/// `client.op(args…).await?;` for the first operation whose arguments can all be written as
/// literals.
fn example_call(file: &syn::File) -> Option<String> {
    let methods = file.items.iter().filter_map(|i| match i {
        syn::Item::Impl(imp) if imp.trait_.is_none() => Some(imp),
        _ => None,
    });
    for imp in methods {
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if f.sig.asyncness.is_none() {
                continue;
            }
            let args: Option<Vec<String>> = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => Some(t),
                    syn::FnArg::Receiver(_) => None,
                })
                .map(|t| {
                    let name = match &*t.pat {
                        syn::Pat::Ident(p) => p.ident.to_string(),
                        _ => "value".into(),
                    };
                    example_value(&t.ty, &name)
                })
                .collect();
            if let Some(args) = args {
                return Some(format!(
                    "client.{}({}).await?;",
                    f.sig.ident,
                    args.join(", ")
                ));
            }
        }
    }
    None
}

/// `client.op().a("a").b(42).send().await?;` for the first operation whose required
/// parameters can all be written as literals and that sends no body: the `Client` method
/// returning `builder::<Op>`, and that builder's required parameters, the fields its `new`
/// sets to `Err(…)` (the builder's `send` refuses them unset), each set with the method of the
/// field's name.
fn builder_example_call(file: &syn::File) -> Option<String> {
    let builders: &Vec<syn::Item> = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let methods = file.items.iter().filter_map(|item| match item {
        syn::Item::Impl(imp)
            if imp.trait_.is_none()
                && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")) =>
        {
            Some(imp)
        }
        _ => None,
    });
    for item in methods.flat_map(|imp| &imp.items) {
        let syn::ImplItem::Fn(f) = item else { continue };
        let syn::ReturnType::Type(_, ty) = &f.sig.output else {
            continue;
        };
        let syn::Type::Path(path) = &**ty else {
            continue;
        };
        let segments: Vec<&syn::Ident> = path.path.segments.iter().map(|s| &s.ident).collect();
        let [module, name] = segments[..] else {
            continue;
        };
        if module != "builder" {
            continue;
        }
        if let Some(setters) = required_setters(builders, name) {
            return Some(format!(
                "client.{}(){}.send().await?;",
                f.sig.ident,
                setters.concat()
            ));
        }
    }
    None
}

/// `.field(literal)` for each required field of the builder `name`, when each can be written
/// as a literal and none is a body.
fn required_setters(builders: &[syn::Item], name: &syn::Ident) -> Option<Vec<String>> {
    let fields = builders.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == *name => Some(&s.fields),
        _ => None,
    })?;
    let new = builders.iter().find_map(|item| match item {
        syn::Item::Impl(imp)
            if matches!(&*imp.self_ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == *name)) =>
        {
            imp.items.iter().find_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == "new" => Some(f),
                _ => None,
            })
        }
        _ => None,
    })?;
    // `Self { client, field: Err(…), other: Ok(None), … }`, the value `new` returns.
    let Some(syn::Stmt::Expr(syn::Expr::Struct(init), None)) = new.block.stmts.last() else {
        return None;
    };
    let mut setters = Vec::new();
    for field in fields {
        let ident = field.ident.as_ref()?;
        let value = init.fields.iter().find_map(|f| match &f.member {
            syn::Member::Named(n) if n == ident => Some(&f.expr),
            _ => None,
        })?;
        let syn::Expr::Call(call) = value else {
            continue;
        };
        let required = matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Err"));
        let builds_a_body = call
            .args
            .iter()
            .any(|a| !matches!(a, syn::Expr::Path(p) if p.path.is_ident("None")));
        if !required {
            // `Ok(None)`: optional; `Ok(Default::default())`: a body's builder, which the
            // example would have to fill in.
            if builds_a_body {
                return None;
            }
            continue;
        }
        // `Result<T, String>`: the value set is a `T`.
        let syn::Type::Path(result) = &field.ty else {
            return None;
        };
        let syn::PathArguments::AngleBracketed(args) = &result.path.segments.last()?.arguments
        else {
            return None;
        };
        let Some(syn::GenericArgument::Type(ty)) = args.args.first() else {
            return None;
        };
        let segments: Vec<String> = match ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
            _ => return None,
        };
        let literal = match segments.join("::").as_str() {
            "String" | "std::string::String" => {
                format!("{:?}", ident.to_string().replace('_', "-"))
            }
            "uuid::Uuid" => "uuid::Uuid::nil()".to_string(),
            _ => example_value(ty, &ident.to_string())?,
        };
        setters.push(format!(".{ident}({literal})"));
    }
    Some(setters)
}

/// A literal of type `ty` for argument `name`, when there is a plain one.
fn example_value(ty: &syn::Type, name: &str) -> Option<String> {
    let ty = match ty {
        syn::Type::Reference(r) => &*r.elem,
        ty => ty,
    };
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    Some(match segments.join("::").as_str() {
        "str" => format!("{:?}", name.replace('_', "-")),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "42".into()
        }
        "f32" | "f64" => "1.0".into(),
        "bool" => "true".into(),
        "uuid::Uuid" => "&uuid::Uuid::nil()".into(),
        "Option" if matches!(last.arguments, syn::PathArguments::AngleBracketed(_)) => {
            "None".into()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_values_by_type() {
        let value = |ty: syn::Type| example_value(&ty, "token_id");
        assert_eq!(
            value(syn::parse_quote!(&'a str)).as_deref(),
            Some("\"token-id\"")
        );
        assert_eq!(value(syn::parse_quote!(i64)).as_deref(), Some("42"));
        assert_eq!(
            value(syn::parse_quote!(&'a ::uuid::Uuid)).as_deref(),
            Some("&uuid::Uuid::nil()")
        );
        assert_eq!(
            value(syn::parse_quote!(Option<&'a str>)).as_deref(),
            Some("None")
        );
        assert_eq!(value(syn::parse_quote!(&'a types::Body)), None);
    }
}
