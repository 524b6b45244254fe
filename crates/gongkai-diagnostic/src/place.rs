//! A place in a Word document ([`Place`]) in words, as every output names it.

use gongkai_core::Place;

use crate::Lang;

/// The place as a person reads it: "第 4 个表格第 14 行第 8 列", "第 7 段第 65 字";
/// "table 4, row 14, column 8", "paragraph 7, character 65".
pub fn place_words(place: Place, lang: Lang) -> String {
    match (place, lang) {
        (Place::Cell { table, row, column }, Lang::Zh) => {
            format!("第 {table} 个表格第 {row} 行第 {column} 列")
        }
        (Place::Cell { table, row, column }, Lang::En) => {
            format!("table {table}, row {row}, column {column}")
        }
        (
            Place::Paragraph {
                paragraph,
                character,
            },
            Lang::Zh,
        ) => format!("第 {paragraph} 段第 {character} 字"),
        (
            Place::Paragraph {
                paragraph,
                character,
            },
            Lang::En,
        ) => format!("paragraph {paragraph}, character {character}"),
    }
}

/// The place as the fields of a one-line location (`--format concise`), colon-separated and
/// without spaces, so that `cut -d:` and `grep` take it apart: "table4:row14:col8",
/// "para7:char65". Fixed words whatever the language, like the severity there: it is what a
/// script looks for.
pub fn place_fields(place: Place) -> String {
    match place {
        Place::Cell { table, row, column } => format!("table{table}:row{row}:col{column}"),
        Place::Paragraph {
            paragraph,
            character,
        } => format!("para{paragraph}:char{character}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_both_languages() {
        let cell = Place::Cell {
            table: 4,
            row: 14,
            column: 8,
        };
        let para = Place::Paragraph {
            paragraph: 7,
            character: 65,
        };
        assert_eq!(place_words(cell, Lang::Zh), "第 4 个表格第 14 行第 8 列");
        assert_eq!(place_words(para, Lang::En), "paragraph 7, character 65");
        assert_eq!(place_fields(cell), "table4:row14:col8");
        assert_eq!(place_fields(para), "para7:char65");
    }
}
