//! Security schemes and requirements the generated client must be able to apply: the
//! vendor extensions that complete an `apiKey` scheme (see [`crate::security`]), header names,
//! and requirements that name a scheme that does not exist (stock progenitor ignores security
//! altogether, so it never notices).

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostic::Diagnostics;

use crate::openapi::pointer::pointer;
use crate::security::{self, Problem};

/// Reports every scheme and requirement problem of `spec`.
pub(crate) fn check(spec: &OpenAPI, diagnostics: &mut Diagnostics) {
    let report = |problems: Vec<Problem>, code, diagnostics: &mut Diagnostics| {
        for problem in problems {
            let diagnostic = diagnostics.error(code, problem.at, problem.message);
            if let Some(help) = problem.help {
                diagnostic.help(help);
            }
        }
    };
    let schemes = match security::schemes(spec) {
        Ok(schemes) => schemes,
        Err(problems) => {
            report(problems, "security-scheme", diagnostics);
            return;
        }
    };
    let warn = |problems: Vec<Problem>, diagnostics: &mut Diagnostics| {
        for problem in problems {
            let diagnostic =
                diagnostics.warning("security-requirement", problem.at, problem.message);
            if let Some(help) = problem.help {
                diagnostic.help(help);
            }
        }
    };
    if let Some(global) = &spec.security {
        let at = pointer(["security"]);
        if let Err(problems) = security::requirements(global, &schemes, &at) {
            report(problems, "security-requirement", diagnostics);
        }
        warn(security::shared_places(global, &schemes, &at), diagnostics);
    }
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let Some(requirements) = &operation.security else {
                continue;
            };
            let at = pointer(["paths", path.as_str(), method, "security"]);
            if let Err(problems) = security::requirements(requirements, &schemes, &at) {
                report(problems, "security-requirement", diagnostics);
            }
            warn(
                security::shared_places(requirements, &schemes, &at),
                diagnostics,
            );
        }
    }
}
