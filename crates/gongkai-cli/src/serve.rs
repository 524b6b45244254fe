//! `gongkai serve`: the web page (web/dist, embedded at build time) on http://127.0.0.1:PORT/ for
//! an office PC without the right to install programs elsewhere: nothing leaves the machine, the
//! page checks files in the browser.
//!
//! A small HTTP/1.1 server on `std::net` (GET and HEAD of static files, a thread per
//! connection, `Connection: close`): the page is a handful of files, and a server crate would
//! add a dependency tree for no gain (docs/decisions.md).

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::{EXIT_OK, EXIT_TROUBLE};

include!(concat!(env!("OUT_DIR"), "/page.rs"));

/// Where the files come from.
enum Files {
    Embedded,
    Dir(PathBuf),
}

impl Files {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            Files::Embedded => PAGE
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, b)| b.to_vec()),
            Files::Dir(dir) => {
                let relative = Path::new(path);
                // Only plain names below the directory: no `..`, no absolute paths.
                if relative
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    std::fs::read(dir.join(relative)).ok()
                } else {
                    None
                }
            }
        }
    }
}

pub(crate) fn run(args: &ServeArgs) -> miette::Result<ExitCode> {
    let files = match &args.dir {
        Some(dir) => Files::Dir(dir.clone()),
        None if PAGE.is_empty() => {
            eprintln!(
                "gongkai serve：此程序构建时没有网页（web/dist）。请先运行 scripts/build-web，再重新构建 gongkai；或用 --dir 指定网页目录。\n\
                 gongkai serve: this binary was built without the web page (web/dist). Run scripts/build-web, then build gongkai again, or give the page's folder with --dir."
            );
            return Ok(ExitCode::from(EXIT_TROUBLE));
        }
        None => Files::Embedded,
    };
    let listener = TcpListener::bind(("127.0.0.1", args.port)).map_err(|e| {
        miette::miette!(
            "无法监听端口 {} / cannot listen on port {}: {e}",
            args.port,
            args.port
        )
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| miette::miette!("{e}"))?
        .port();
    println!(
        "在浏览器中打开 / open in a browser: http://127.0.0.1:{port}/\n（文件在浏览器中检查，不会上传；按 Ctrl+C 停止 / files are checked in the browser, nothing is uploaded; Ctrl+C stops）"
    );
    let _ = std::io::stdout().flush();
    let files = std::sync::Arc::new(files);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let files = std::sync::Arc::clone(&files);
        std::thread::spawn(move || {
            // A client that stops mid-request costs its thread only until the time-out.
            let _ = respond(stream, &files);
        });
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: TcpStream, files: &Files) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The headers are read and ignored (up to the blank line, at most 100 of them).
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return write(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            method == "HEAD",
        );
    }
    match files.get(path) {
        Some(body) => write(
            &mut out,
            "200 OK",
            content_type(path),
            &body,
            method == "HEAD",
        ),
        None => write(
            &mut out,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method == "HEAD",
        ),
    }
}

fn write(
    out: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}
