//! Request and response bodies of other media types than JSON: the exact bytes and
//! `Content-Type` that arrive for a multipart upload, bytes of another media type, form data
//! with an `encoding` and a JSON merge patch; bytes and text read back.

use futures::TryStreamExt;
use recording_server::{RecordingServer, Reply};

use crate::generated::types::{
    LabelFileBody, LabelFileBodyFilter, LabelFileBodyMeta, UploadFileBody, UploadFileBodyMeta,
    Widget,
};
use crate::generated::{ByteStream, File};
use crate::support::client;

/// Every byte of a streamed body.
async fn read_all(stream: ByteStream) -> Vec<u8> {
    stream
        .into_inner()
        .try_fold(Vec::new(), |mut all, chunk| async move {
            all.extend_from_slice(&chunk);
            Ok(all)
        })
        .await
        .expect("the body")
}

/// The boundary of a `multipart/form-data` `Content-Type`.
fn boundary(content_type: &str) -> &str {
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"))
}

#[tokio::test]
async fn a_multipart_upload_sends_file_and_text_parts() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let body = UploadFileBody {
        file: File::new(*b"\x00\x01binary\xff").with_name("report.bin"),
        meta: Some(UploadFileBodyMeta {
            author: Some("Ada".to_owned()),
        }),
        size: Some(9),
        tags: vec!["a".to_owned(), "b c".to_owned()],
        thumbnail: Some(File::new(*b"PNG")),
        title: "Q3 \"final\" é".to_owned(),
    };

    client(&server)
        .upload_file(&body)
        .await
        .expect("the documented success");

    let request = server.single_request();
    assert_eq!(request.path_and_query, "/v1/files");
    let content_type = request.header("content-type").expect("a Content-Type");
    let b = boundary(content_type);
    let mut expected = Vec::new();
    let mut part = |headers: &str, content: &[u8]| {
        expected.extend_from_slice(format!("--{b}\r\n{headers}\r\n\r\n").as_bytes());
        expected.extend_from_slice(content);
        expected.extend_from_slice(b"\r\n");
    };
    // In the struct's field order; the file with its name and the default media type, the
    // thumbnail with its encoding's, the object as JSON, the array as one part per item.
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"report.bin\"\r\nContent-Type: application/octet-stream",
        b"\x00\x01binary\xff",
    );
    part(
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"author":"Ada"}"#,
    );
    part("Content-Disposition: form-data; name=\"size\"", b"9");
    part("Content-Disposition: form-data; name=\"tags\"", b"a");
    part("Content-Disposition: form-data; name=\"tags\"", b"b c");
    part(
        "Content-Disposition: form-data; name=\"thumbnail\"\r\nContent-Type: image/png",
        b"PNG",
    );
    part(
        "Content-Disposition: form-data; name=\"title\"",
        "Q3 \"final\" é".as_bytes(),
    );
    expected.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn a_file_s_own_media_type_comes_first() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let body = UploadFileBody {
        file: File::new(*b"%PDF").with_content_type("application/pdf"),
        meta: None,
        size: None,
        tags: Vec::new(),
        thumbnail: Some(File::new(*b"GIF").with_content_type("image/gif")),
        title: "t".to_owned(),
    };

    client(&server)
        .upload_file(&body)
        .await
        .expect("the documented success");

    let request = server.single_request();
    let b = boundary(request.header("content-type").expect("a Content-Type"));
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"thumbnail\"\r\nContent-Type: image/gif\r\n\r\nGIF\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn bytes_are_sent_with_their_media_type() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let xml = "<file id=\"7\">é</file>";

    client(&server)
        .put_file_content("f-7", xml.as_bytes().to_vec())
        .await
        .expect("the documented success");

    let request = server.single_request();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.path_and_query, "/v1/files/f-7/content");
    assert_eq!(
        request.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(request.body, xml.as_bytes());
}

#[tokio::test]
async fn form_data_is_encoded_as_its_encoding_says() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let body = LabelFileBody {
        filter: Some(LabelFileBodyFilter {
            from: Some(2),
            to: Some(5),
        }),
        meta: Some(LabelFileBodyMeta {
            by: Some("a&b".to_owned()),
        }),
        name: Some("new label".to_owned()),
        tags: vec!["x".to_owned(), "y z".to_owned()],
    };

    client(&server)
        .label_file("f-7", &body)
        .await
        .expect("the documented success");

    let request = server.single_request();
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // `filter` as a deep object, `meta` as JSON text, `tags` joined by `|` (`pipeDelimited`,
    // not exploded), `name` as it is; all percent-encoded as form data.
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "filter%5Bfrom%5D=2&filter%5Bto%5D=5&meta=%7B%22by%22%3A%22a%26b%22%7D&name=new+label&tags=x%7Cy+z"
    );
}

#[tokio::test]
async fn a_merge_patch_is_json_with_its_own_media_type() {
    let server = RecordingServer::start(Reply::status(204)).await;
    let widget = Widget {
        name: "w".to_owned(),
        size: Some(3),
    };

    client(&server)
        .patch_widget("w-1", &widget)
        .await
        .expect("the documented success");

    let request = server.single_request();
    assert_eq!(request.method, "PATCH");
    assert_eq!(
        request.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(request.body, br#"{"name":"w","size":3}"#.as_slice());
}

#[tokio::test]
async fn bytes_and_text_responses_are_read_back() {
    let png = b"\x89PNG\r\n\x1a\n\x00\xff".to_vec();
    let server = RecordingServer::start(
        Reply::status(200)
            .header("content-type", "image/png")
            .body(png.clone()),
    )
    .await;
    let client = client(&server);

    let response = client
        .get_file_content("f-7")
        .await
        .expect("the documented success");
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(b"image/png".as_slice())
    );
    assert_eq!(read_all(response.into_inner()).await, png);

    server.set_reply(
        Reply::status(200)
            .header("content-type", "text/plain; charset=utf-8")
            .body("3 pages, é"),
    );
    let response = client
        .get_file_summary("f-7")
        .await
        .expect("the documented success");
    let text = read_all(response.into_inner()).await;
    assert_eq!(std::str::from_utf8(&text), Ok("3 pages, é"));
}
