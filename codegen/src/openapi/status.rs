//! Response statuses: their order and their names.

use openapiv3::StatusCode;

/// progenitor's order of statuses: codes, ranges as their hundred; `default` (`None`) last.
pub fn order(status: Option<&StatusCode>) -> u16 {
    match status {
        Some(StatusCode::Code(code)) => *code,
        Some(StatusCode::Range(range)) => range * 100,
        None => 1000,
    }
}

/// The variant for a status: its reason phrase in Pascal case (`404` → `NotFound`), `Default`,
/// the class of a range (`4XX` → `ClientError`), or `Status<code>`.
pub fn variant_name(status: &str) -> String {
    let name = match status {
        "default" => "Default",
        "1XX" => "Informational",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "300" => "MultipleChoices",
        "301" => "MovedPermanently",
        "302" => "Found",
        "303" => "SeeOther",
        "304" => "NotModified",
        "307" => "TemporaryRedirect",
        "308" => "PermanentRedirect",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "407" => "ProxyAuthenticationRequired",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "LengthRequired",
        "412" => "PreconditionFailed",
        "413" => "ContentTooLarge",
        "414" => "UriTooLong",
        "415" => "UnsupportedMediaType",
        "416" => "RangeNotSatisfiable",
        "417" => "ExpectationFailed",
        "421" => "MisdirectedRequest",
        "422" => "UnprocessableContent",
        "423" => "Locked",
        "424" => "FailedDependency",
        "425" => "TooEarly",
        "426" => "UpgradeRequired",
        "428" => "PreconditionRequired",
        "429" => "TooManyRequests",
        "431" => "RequestHeaderFieldsTooLarge",
        "451" => "UnavailableForLegalReasons",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "505" => "HttpVersionNotSupported",
        "507" => "InsufficientStorage",
        "511" => "NetworkAuthenticationRequired",
        other => return format!("Status{other}"),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_order_and_names() {
        assert!(order(Some(&StatusCode::Code(404))) < order(Some(&StatusCode::Range(5))));
        assert!(order(Some(&StatusCode::Range(5))) < order(None));
        assert_eq!(variant_name("404"), "NotFound");
        assert_eq!(variant_name("4XX"), "ClientError");
        assert_eq!(variant_name("default"), "Default");
        assert_eq!(variant_name("299"), "Status299");
    }
}
