//! Prints the rendering of every fixture, for inspection: `cargo test -p gongkai-reader --test
//! debug_render -- --ignored --nocapture`.

mod common;

#[test]
#[ignore = "prints renderings for inspection"]
fn print_all() {
    for name in common::text_fixtures() {
        let bytes = common::fixture(&name);
        match gongkai_reader::read(&bytes, &name, &gongkai_reader::ReadOptions::default()) {
            Ok(x) => println!("===== {name}\n{}", common::render(&x.report)),
            Err(e) => println!("===== {name}: ERROR {e}"),
        }
    }
}

#[test]
#[ignore = "prints narrative for inspection"]
fn print_narrative() {
    let name = std::env::var("FIXTURE").unwrap_or_else(|_| "hongze-district-2023.txt".into());
    let x = common::extract(&name);
    for s in &x.report.sections {
        println!(
            "## {:?} span {:?}\n{}",
            s.id,
            s.span.map(|s| (s.line, s.column)),
            s.text
        );
        for n in &s.numbers {
            println!(
                "  [{}] {} / {} / {:?} / {} @ {}:{}",
                n.before, n.raw, n.value, n.unit, n.after, n.span.line, n.span.column
            );
        }
        for st in s.sentences.iter().take(3) {
            println!(
                "  sentence @ {}:{} len {} = {:?}",
                st.span.line,
                st.span.column,
                st.span.length,
                x.source.slice(st.span)
            );
        }
    }
}

#[test]
#[ignore = "prints the rendering of the file in $FILE"]
fn print_file() {
    let path = std::env::var("FILE").expect("FILE");
    let bytes = std::fs::read(&path).expect("readable");
    match gongkai_reader::read(&bytes, &path, &gongkai_reader::ReadOptions::default()) {
        Ok(x) => println!("{}", common::render(&x.report)),
        Err(e) => println!("ERROR {e}"),
    }
}

#[test]
#[ignore = "prints rough timings; benchmarks belong in benches/"]
fn print_timings() {
    let only = std::env::var("FIXTURE").ok();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    for name in common::text_fixtures() {
        if only.as_ref().is_some_and(|o| *o != name) {
            continue;
        }
        let bytes = common::fixture(&name);
        let start = std::time::Instant::now();
        for _ in 0..n {
            let _ = gongkai_reader::read(&bytes, &name, &gongkai_reader::ReadOptions::default());
        }
        println!("{name}: {:?} per read", start.elapsed() / n);
    }
}
