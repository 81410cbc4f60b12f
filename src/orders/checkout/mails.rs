//! The mails a placed order sends, queued in the same transaction as the
//! order: the buyer's confirmation (in the buyer's language), the invoice
//! to every admin (each line under its supplier, with each supplier's
//! subtotal) and each linked supplier's own part (in the shop's language).
//! Built from the order's items alone: pure, tested without a server.

use crate::i18n::Locale;
use crate::orders::checkout::texts::texts;
use crate::orders::types::OrderItem;
use crate::server::jobs::Job;
use crate::server::mail::OutgoingMail;
use crate::suppliers::types::Supplier;
use crate::ui::format_money;

/// A placed order, as its mails describe it.
pub struct Placed<'a> {
    pub order_id: i64,
    pub items: &'a [OrderItem],
    /// The supplier of each item (in the same order), if any.
    pub suppliers: &'a [Option<i64>],
    pub total_minor: i64,
    pub currency: &'a str,
    /// The shop's address (`https://…`), for the links.
    pub base: &'a str,
}

fn line(i: &OrderItem, currency: &str, locale: Locale) -> String {
    let variant = if i.variant_name.is_empty() {
        String::new()
    } else {
        format!(" ({})", i.variant_name)
    };
    let inscription = if i.inscription.is_empty() {
        String::new()
    } else {
        format!(" «{}»", i.inscription)
    };
    format!(
        "{} × {}{variant}{inscription} — {}\n",
        i.quantity,
        i.product_name,
        format_money(i.unit_price_minor * i64::from(i.quantity), currency, locale)
    )
}

/// The items' lines, one per line of text.
pub fn lines(items: &[OrderItem], currency: &str, locale: Locale) -> String {
    items.iter().map(|i| line(i, currency, locale)).collect()
}

/// The order's items grouped by supplier, in the order of `directory`
/// (the shop's own goods, of no supplier, last): (supplier, its items).
fn by_supplier<'a>(
    order: &Placed<'a>,
    directory: &'a [Supplier],
) -> Vec<(Option<&'a Supplier>, Vec<&'a OrderItem>)> {
    let mut groups: Vec<(Option<&Supplier>, Vec<&OrderItem>)> = Vec::new();
    for s in directory {
        let items: Vec<&OrderItem> = order
            .items
            .iter()
            .zip(order.suppliers)
            .filter(|(_, of)| **of == Some(s.id))
            .map(|(i, _)| i)
            .collect();
        if !items.is_empty() {
            groups.push((Some(s), items));
        }
    }
    let known = |of: &Option<i64>| of.is_some_and(|id| directory.iter().any(|s| s.id == id));
    let own: Vec<&OrderItem> = order
        .items
        .iter()
        .zip(order.suppliers)
        .filter(|(_, of)| !known(of))
        .map(|(i, _)| i)
        .collect();
    if !own.is_empty() {
        groups.push((None, own));
    }
    groups
}

fn subtotal(items: &[&OrderItem]) -> i64 {
    items
        .iter()
        .map(|i| i.unit_price_minor * i64::from(i.quantity))
        .sum()
}

/// The invoice, one to each admin address, in `locale`.
pub fn invoices(
    order: &Placed,
    directory: &[Supplier],
    admins: &[String],
    client: &str,
    locale: Locale,
) -> Vec<Job> {
    let t = texts(locale);
    let money = |minor| format_money(minor, order.currency, locale);
    let sections: String = by_supplier(order, directory)
        .into_iter()
        .map(|(supplier, items)| {
            let name = supplier.map_or(t.mail_own_goods, |s| s.name.as_str());
            let body: String = items
                .iter()
                .map(|i| line(i, order.currency, locale))
                .collect();
            format!(
                "{name}\n{body}{}: {}\n\n",
                t.mail_subtotal,
                money(subtotal(&items))
            )
        })
        .collect();
    let link = format!("{}/admin/orders/{}", order.base, order.order_id);
    admins
        .iter()
        .map(|to| {
            Job::SendMail(OutgoingMail {
                to: to.clone(),
                subject: (t.mail_invoice_subject)(order.order_id, &money(order.total_minor)),
                body_text: (t.mail_invoice_body)(
                    order.order_id,
                    client,
                    &sections,
                    &money(order.total_minor),
                    &link,
                ),
            })
        })
        .collect()
}

/// Each supplier with a linked account gets its own part: its lines and
/// its subtotal only, in `locale`.
pub fn supplier_parts(order: &Placed, directory: &[Supplier], locale: Locale) -> Vec<Job> {
    let t = texts(locale);
    let link = format!("{}/supplier", order.base);
    by_supplier(order, directory)
        .into_iter()
        .filter_map(|(supplier, items)| {
            let supplier = supplier?;
            let to = supplier.user_email.clone()?;
            let body: String = items
                .iter()
                .map(|i| line(i, order.currency, locale))
                .collect();
            Some(Job::SendMail(OutgoingMail {
                to,
                subject: (t.mail_part_subject)(order.order_id, &supplier.name),
                body_text: (t.mail_part_body)(
                    &supplier.name,
                    order.order_id,
                    &body,
                    &format_money(subtotal(&items), order.currency, locale),
                    &link,
                ),
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, price: i64, quantity: i32) -> OrderItem {
        OrderItem {
            product_id: None,
            variant_id: None,
            product_name: name.into(),
            variant_name: String::new(),
            unit_price_minor: price,
            quantity,
            inscription: String::new(),
            notes: String::new(),
        }
    }

    fn supplier(id: i64, name: &str, email: Option<&str>) -> Supplier {
        Supplier {
            id,
            name: name.into(),
            url: String::new(),
            accepting_orders: true,
            products: 1,
            user_email: email.map(str::to_owned),
        }
    }

    fn body(job: &Job) -> (&str, &str) {
        let Job::SendMail(m) = job;
        (&m.to, &m.body_text)
    }

    #[test]
    fn the_invoice_groups_lines_by_supplier_and_each_supplier_gets_only_its_own() {
        let items = [
            item("Baguette", 21_000, 2),
            item("Gingerbread", 25_000, 3),
            item("Candle", 5_000, 1),
        ];
        let order = Placed {
            order_id: 42,
            items: &items,
            suppliers: &[Some(1), Some(2), None],
            total_minor: 42_000 + 75_000 + 5_000,
            currency: "RUB",
            base: "https://shop.example",
        };
        let directory = [
            supplier(1, "Kitchen", None),
            supplier(2, "Tula", Some("tula@example.com")),
        ];
        let invoices = invoices(
            &order,
            &directory,
            &["a@example.com".into(), "b@example.com".into()],
            "Olga Petrova",
            Locale::En,
        );
        assert_eq!(invoices.len(), 2);
        let (to, text) = body(&invoices[0]);
        assert_eq!(to, "a@example.com");
        let kitchen = text.find("Kitchen\n2 × Baguette").expect(text);
        let tula = text.find("Tula\n3 × Gingerbread").expect(text);
        let own = text.find("The shop's own goods\n1 × Candle").expect(text);
        assert!(kitchen < tula && tula < own, "{text}");
        assert!(text.contains("Subtotal: ₽420\n"), "{text}");
        assert!(text.contains("Subtotal: ₽750\n"), "{text}");
        assert!(
            text.contains("Olga Petrova") && text.contains("https://shop.example/admin/orders/42"),
            "{text}"
        );

        let parts = supplier_parts(&order, &directory, Locale::En);
        assert_eq!(parts.len(), 1, "the kitchen has no account to write to");
        let (to, text) = body(&parts[0]);
        assert_eq!(to, "tula@example.com");
        assert!(
            text.contains("3 × Gingerbread")
                && !text.contains("Baguette")
                && !text.contains("Candle"),
            "{text}"
        );
        assert!(text.contains("₽750"), "{text}");
    }
}
