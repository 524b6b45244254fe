//! `gongkai serve`: the page's files over HTTP on localhost.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Starts `gongkai serve --port 0 ARGS` and returns it with the port it printed.
fn start(args: &[&str]) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .rsplit(':')
        .next()
        .and_then(|p| p.trim().trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (child, port)
}

/// (status line, headers, body) of `GET path`.
fn get(port: u16, method: &str, path: &str) -> (String, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    (
        status.to_owned(),
        headers.to_owned(),
        all[split + 4..].to_vec(),
    )
}

#[test]
fn serves_a_folder_and_nothing_outside_it() {
    let dir = std::env::temp_dir().join(format!("gongkai-serve-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("index.html"), "<title>gongkai</title>").unwrap();
    std::fs::write(dir.join("src/app.js"), "export {}").unwrap();
    std::fs::write(dir.join("gongkai.wasm"), b"\0asm").unwrap();
    let (mut child, port) = start(&["--dir", dir.to_str().unwrap()]);
    let (status, headers, body) = get(port, "GET", "/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        headers.contains("Content-Type: text/html; charset=utf-8"),
        "{headers}"
    );
    assert_eq!(body, b"<title>gongkai</title>");
    let (_, headers, _) = get(port, "GET", "/src/app.js?v=1");
    assert!(headers.contains("text/javascript"), "{headers}");
    let (_, headers, _) = get(port, "GET", "/gongkai.wasm");
    assert!(headers.contains("application/wasm"), "{headers}");
    let (status, _, body) = get(port, "HEAD", "/index.html");
    assert_eq!((status.as_str(), body.len()), ("HTTP/1.1 200 OK", 0));
    assert_eq!(
        get(port, "GET", "/../Cargo.toml").0,
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(get(port, "GET", "/missing.js").0, "HTTP/1.1 404 Not Found");
    assert_eq!(get(port, "POST", "/").0, "HTTP/1.1 405 Method Not Allowed");
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// With the page built (scripts/build-web) the binary embeds it; without, `serve` says how to
/// get it and exits 2.
#[test]
fn serves_the_embedded_page_or_says_how_to_build_it() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist/index.html");
    if dist.is_file() {
        let (mut child, port) = start(&[]);
        let (status, _, body) = get(port, "GET", "/");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(body, std::fs::read(&dist).unwrap());
        let (status, headers, body) = get(port, "GET", "/gongkai.wasm");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(headers.contains("application/wasm"));
        assert!(body.starts_with(b"\0asm"));
        child.kill().unwrap();
        let _ = child.wait();
    } else {
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["serve", "--port", "0"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("scripts/build-web"), "{err}");
    }
}
