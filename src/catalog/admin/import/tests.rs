use super::*;

fn snapshot() -> Snapshot {
    let product = |id: i64, slug: &str, published: bool| ProductSnap {
        id,
        input: ProductInput {
            name: format!("Product {id}"),
            name_ru: format!("Товар {id}"),
            slug: slug.into(),
            description: String::new(),
            description_ru: String::new(),
            category_id: 1,
            supplier_id: None,
            published,
            featured: false,
            made_to_order: false,
            lead_time_days: 0,
            characteristics: vec![("Weight".into(), "500 g".into())],
        },
    };
    let variant = |id: i64, product_id: i64, sku: &str, price: i64| VariantSnap {
        id,
        product_id,
        input: VariantInput {
            sku: sku.into(),
            name: "Whole".into(),
            name_ru: "Целый".into(),
            price_minor: price,
            old_price_minor: None,
            low_stock_threshold: None,
        },
    };
    Snapshot {
        categories: HashMap::from([(1, "bread".into()), (2, "cakes".into())]),
        products: vec![product(10, "rye", true), product(11, "empty", false)],
        variants: vec![variant(100, 10, "RYE-1", 15_000)],
        types: Vec::new(),
    }
}

fn row(line: usize, cells: &[(Column, &str)]) -> Row {
    let mut all = vec![None; Column::ALL.len()];
    for (c, text) in cells {
        let i = Column::ALL.iter().position(|x| x == c).unwrap();
        all[i] = Some((*text).to_owned());
    }
    Row::from_cells(line, all)
}

#[test]
fn an_export_planned_back_changes_nothing() {
    let s = snapshot();
    let rows: Vec<Row> = export_rows(&s, &[10, 11])
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row::from_cells(i + 2, cells.into_iter().map(Some).collect()))
        .collect();
    let plan = plan(&rows, &s);
    assert_eq!(plan.errors, []);
    assert!(plan.products.is_empty());
    assert_eq!(plan.unchanged, 2);
}

#[test]
fn creates_changes_and_keeps_what_the_file_leaves_out() {
    use Column::*;
    let rows = [
        row(2, &[(Product, "rye"), (Sku, "RYE-1"), (Price, "160")]),
        row(
            3,
            &[
                (Product, ""),
                (Name, "Медовик"),
                (Category, "Cakes"),
                (Sku, "MED-1"),
                (Variant, "Целый"),
                (Price, "1 200,50"),
            ],
        ),
    ];
    let plan = plan(&rows, &snapshot());
    assert_eq!(plan.errors, []);
    assert_eq!((plan.created(), plan.changed()), (1, 1));
    let rye = &plan.products[0];
    assert_eq!(rye.id, Some(10));
    assert!(rye.changes.is_empty(), "{:?}", rye.changes);
    assert_eq!(rye.input.characteristics.len(), 1);
    assert_eq!(
        rye.variants[0].changes,
        [Change::new("price:RYE-1", "150.00", "160.00")]
    );
    let new = &plan.products[1];
    assert_eq!((new.id, new.input.slug.as_str()), (None, "medovik"));
    assert_eq!(new.input.category_id, 2);
    assert_eq!(new.variants[0].input.price_minor, 120_050);
}

#[test]
fn errors_come_by_line() {
    use Column::*;
    let rows = [
        row(2, &[(Product, "rye"), (Sku, "BAD SKU")]),
        row(3, &[(Product, "new"), (Name, "New"), (Category, "nowhere")]),
        row(
            4,
            &[
                (Product, "empty"),
                (Published, "yes"),
                (Sku, "RYE-1"),
                (Price, "1"),
            ],
        ),
        row(
            5,
            &[
                (Product, "other"),
                (Name, "Other"),
                (Category, "bread"),
                (Sku, "MED-1"),
                (Variant, "x"),
                (Price, "1"),
            ],
        ),
        row(
            6,
            &[
                (Product, "other-2"),
                (Name, "Other 2"),
                (Category, "bread"),
                (Sku, "MED-1"),
                (Variant, "y"),
                (Price, "2"),
            ],
        ),
        row(7, &[(Product, "rye"), (Name, "Renamed")]),
        row(
            8,
            &[
                (Product, "fresh"),
                (Name, "Fresh"),
                (Category, "bread"),
                (Published, "maybe"),
            ],
        ),
        row(
            9,
            &[
                (Product, "fresh-2"),
                (Name, "Fresh 2"),
                (Category, "bread"),
                (Sku, "F-2"),
                (Variant, "v"),
                (Price, "abc"),
            ],
        ),
        row(
            10,
            &[
                (Product, "fresh-3"),
                (Name, "Fresh 3"),
                (Sku, "F-3"),
                (Price, "5"),
            ],
        ),
    ];
    let plan = plan(&rows, &snapshot());
    let found: Vec<(usize, Option<Column>, LineProblem)> = plan
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.problem.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (2, Some(Sku), LineProblem::Field(Problem::Sku)),
            (3, Some(Category), LineProblem::UnknownCategory),
            (
                4,
                Some(Sku),
                LineProblem::SkuElsewhere {
                    product: "rye".into()
                }
            ),
            (4, Some(Published), LineProblem::NoVariants),
            (6, Some(Sku), LineProblem::SkuTwice { first: 5 }),
            (7, None, LineProblem::RowsDiffer { first: 2 }),
            (8, Some(Published), LineProblem::YesNo),
            (9, Some(Price), LineProblem::Field(Problem::Amount)),
            (10, Some(Category), LineProblem::NeededForNew),
            (10, Some(Variant), LineProblem::VariantNeeds),
        ]
    );
}
