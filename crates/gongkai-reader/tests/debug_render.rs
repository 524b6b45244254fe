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
