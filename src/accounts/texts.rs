//! The accounts pages' strings, in English and Russian (see `crate::i18n`).

use crate::i18n::{Locale, Plural, plural_en, plural_ru, use_locale};

pub struct AccountTexts {
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub new_password: &'static str,
    pub current_password: &'static str,
    pub password_hint: &'static str,
    pub role: &'static str,
    pub working: &'static str,

    pub login_title: &'static str,
    pub login_lead: &'static str,
    pub forgot_link: &'static str,
    pub no_account: &'static str,
    pub or_continue_with: &'static str,
    pub notice_registered: &'static str,
    pub notice_confirmed: &'static str,
    pub notice_password_reset: &'static str,
    pub notice_signed_out: &'static str,
    pub oauth_failed: &'static str,
    pub oauth_no_verified_email: &'static str,

    pub register_title: &'static str,
    pub register_lead: &'static str,
    pub register_submit: &'static str,
    pub have_account: &'static str,

    pub confirm_title: &'static str,
    pub confirm_lead: &'static str,
    pub confirm_submit: &'static str,

    pub forgot_title: &'static str,
    pub forgot_lead: &'static str,
    pub forgot_submit: &'static str,
    pub forgot_sent: &'static str,

    pub reset_title: &'static str,
    pub reset_lead: &'static str,
    pub reset_submit: &'static str,

    pub account_title: &'static str,
    pub profile: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub photo: &'static str,
    pub photo_hint: &'static str,
    pub photo_upload: &'static str,
    pub photo_remove: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,

    pub users_title: &'static str,
    pub users_search: &'static str,
    pub all_roles: &'static str,
    pub search: &'static str,
    pub status: &'static str,
    pub actions: &'static str,
    pub status_active: &'static str,
    pub status_blocked: &'static str,
    pub status_unconfirmed: &'static str,
    pub block: &'static str,
    pub unblock: &'static str,
    pub change_role: &'static str,
    pub add_user: &'static str,
    pub add_user_lead: &'static str,
    pub user_added: &'static str,
    pub no_users: &'static str,
    pub users_count: fn(i64) -> String,

    pub outbox_title: &'static str,
    pub outbox_lead: &'static str,
    pub outbox_empty: &'static str,
    pub to: &'static str,
    pub subject: &'static str,
    pub messages_count: fn(i64) -> String,

    // Errors, shown next to their fields.
    pub err_email: &'static str,
    pub err_password_short: &'static str,
    pub err_password_long: &'static str,
    pub err_password_digits: &'static str,
    pub err_email_taken: &'static str,
    pub err_wrong_credentials: &'static str,
    pub err_blocked: &'static str,
    pub err_not_confirmed: &'static str,
    pub err_too_many: fn(u64) -> String,
    pub err_too_many_requests: fn(u64) -> String,
    pub err_name_required: &'static str,
    pub err_name_long: &'static str,
    pub err_bad_link: &'static str,
    pub err_current_password: &'static str,
    pub err_role: &'static str,
    pub err_self: &'static str,
    pub err_photo_large: &'static str,
    pub err_photo_not_image: &'static str,
    pub err_photo_pixels: &'static str,
    pub err_photo_missing: &'static str,

    // Mail.
    pub mail_confirm_subject: fn(&str) -> String,
    pub mail_confirm_body: fn(&str, &str, &str) -> String,
    pub mail_reset_subject: fn(&str) -> String,
    pub mail_reset_body: fn(&str, &str, &str) -> String,
    pub mail_taken_subject: fn(&str) -> String,
    pub mail_taken_body: fn(&str, &str, &str) -> String,

    pub role_customer: &'static str,
    pub role_staff: &'static str,
    pub role_manager: &'static str,
    pub role_supplier: &'static str,
    pub role_admin: &'static str,
}

impl AccountTexts {
    pub fn role(&self, role: super::types::Role) -> &'static str {
        use super::types::Role;
        match role {
            Role::Customer => self.role_customer,
            Role::Staff => self.role_staff,
            Role::Manager => self.role_manager,
            Role::Supplier => self.role_supplier,
            Role::Admin => self.role_admin,
        }
    }
}

pub fn texts(locale: Locale) -> &'static AccountTexts {
    match locale {
        Locale::En => &EN,
        Locale::Ru => &RU,
    }
}

/// The current visitor's accounts strings.
pub fn account_texts() -> &'static AccountTexts {
    texts(use_locale())
}

pub const EN: AccountTexts = AccountTexts {
    email: "Email",
    password: "Password",
    name: "Name",
    new_password: "New password",
    current_password: "Current password",
    password_hint: "At least 10 characters, not only digits.",
    role: "Role",
    working: "One moment…",

    login_title: "Sign in",
    login_lead: "Welcome back. Sign in to see your orders and your account.",
    forgot_link: "Forgot your password?",
    no_account: "New here? Create an account",
    or_continue_with: "or continue with",
    notice_registered: "Almost there: we sent a confirmation link to your email. Open it, then sign in.",
    notice_confirmed: "Your email is confirmed. You can sign in now.",
    notice_password_reset: "Your password is changed. Sign in with the new one.",
    notice_signed_out: "You are signed out.",
    oauth_failed: "Signing in with that provider did not work. Please try again.",
    oauth_no_verified_email: "That account has no verified email address, so we cannot link it.",

    register_title: "Create an account",
    register_lead: "Order faster, follow your orders and keep your addresses.",
    register_submit: "Create account",
    have_account: "Already have an account? Sign in",

    confirm_title: "Confirm your email",
    confirm_lead: "One click and your account is ready.",
    confirm_submit: "Confirm my email",

    forgot_title: "Reset your password",
    forgot_lead: "Enter your email and we will send you a link to choose a new password.",
    forgot_submit: "Send the link",
    forgot_sent: "If an account with that email exists, a link is on its way. It works for one hour.",

    reset_title: "Choose a new password",
    reset_lead: "You will be signed out everywhere else.",
    reset_submit: "Save the new password",

    account_title: "Your account",
    profile: "Profile",
    save: "Save",
    saved: "Saved.",
    photo: "Photo",
    photo_hint: "JPEG, PNG, WebP or GIF, up to 5 MB. We crop it to a square.",
    photo_upload: "Upload photo",
    photo_remove: "Remove photo",
    change_password: "Change password",
    password_changed: "Password changed. Your other devices were signed out.",

    users_title: "Users",
    users_search: "Search by name or email",
    all_roles: "All roles",
    search: "Search",
    status: "Status",
    actions: "Actions",
    status_active: "Active",
    status_blocked: "Blocked",
    status_unconfirmed: "Unconfirmed",
    block: "Block",
    unblock: "Unblock",
    change_role: "Change role",
    add_user: "Add a user",
    add_user_lead: "For staff, suppliers and customers who order by phone. The account is ready to use at once.",
    user_added: "User added.",
    no_users: "No users match.",
    users_count: |n| match plural_en(n) {
        Plural::One => format!("{n} user"),
        _ => format!("{n} users"),
    },

    outbox_title: "Mail outbox",
    outbox_lead: "No mail server is configured, so outgoing mail is kept here instead of sent.",
    outbox_empty: "No messages yet.",
    to: "To",
    subject: "Subject",
    messages_count: |n| match plural_en(n) {
        Plural::One => format!("{n} message"),
        _ => format!("{n} messages"),
    },

    err_email: "Enter a valid email address, like anna@example.com.",
    err_password_short: "Use at least 10 characters.",
    err_password_long: "Use at most 256 characters.",
    err_password_digits: "Use letters as well as digits.",
    err_email_taken: "An account with this email already exists. Sign in, or reset the password.",
    err_wrong_credentials: "Wrong email or password.",
    err_blocked: "This account is blocked. Please contact the shop.",
    err_not_confirmed: "Please confirm your email first. We have sent you a new link.",
    err_too_many: |secs| format!("Too many sign-in attempts. Try again in {secs} s."),
    err_too_many_requests: |secs| format!("Too many requests from here. Try again in {secs} s."),
    err_name_required: "Enter a name.",
    err_name_long: "Use at most 100 characters.",
    err_bad_link: "This link is invalid, already used or expired. Ask for a new one.",
    err_current_password: "That is not your current password.",
    err_role: "Choose a role.",
    err_self: "You cannot block yourself or change your own role.",
    err_photo_large: "The photo is larger than 5 MB.",
    err_photo_not_image: "That file is not a picture we can read (JPEG, PNG, WebP or GIF).",
    err_photo_pixels: "The picture has too many pixels: at most 6000 on a side and about 16 megapixels.",
    err_photo_missing: "Choose a photo first.",

    mail_confirm_subject: |shop| format!("Confirm your email for {shop}"),
    mail_confirm_body: |name, shop, link| {
        format!(
            "Hello {name},\n\nThank you for signing up at {shop}. Please confirm your email address by opening this link:\n\n{link}\n\nThe link works for three days. If you did not sign up, ignore this message.\n\n{shop}"
        )
    },
    mail_reset_subject: |shop| format!("Reset your password for {shop}"),
    mail_reset_body: |name, shop, link| {
        format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset the password of your account at {shop}. Choose a new password here:\n\n{link}\n\nThe link works for one hour, once. If you did not ask, ignore this message: your password stays as it is.\n\n{shop}"
        )
    },
    mail_taken_subject: |shop| format!("Your account at {shop}"),
    mail_taken_body: |name, shop, link| {
        format!(
            "Hello {name},\n\nSomeone (perhaps you) tried to sign up at {shop} with this email address, which already has an account. If it was you, sign in, or choose a new password here:\n\n{link}\n\nIf it was not you, ignore this message: nothing has changed.\n\n{shop}"
        )
    },

    role_customer: "Customer",
    role_staff: "Bakery staff",
    role_manager: "Manager",
    role_supplier: "Supplier",
    role_admin: "Administrator",
};

pub const RU: AccountTexts = AccountTexts {
    email: "Эл. почта",
    password: "Пароль",
    name: "Имя",
    new_password: "Новый пароль",
    current_password: "Текущий пароль",
    password_hint: "Не меньше 10 символов, не только цифры.",
    role: "Роль",
    working: "Секунду…",

    login_title: "Вход",
    login_lead: "С возвращением! Войдите, чтобы видеть свои заказы и кабинет.",
    forgot_link: "Забыли пароль?",
    no_account: "Впервые у нас? Зарегистрируйтесь",
    or_continue_with: "или войдите через",
    notice_registered: "Почти готово: мы отправили ссылку для подтверждения на вашу почту. Откройте её и войдите.",
    notice_confirmed: "Почта подтверждена. Теперь можно войти.",
    notice_password_reset: "Пароль изменён. Войдите с новым паролем.",
    notice_signed_out: "Вы вышли.",
    oauth_failed: "Не удалось войти через этот сервис. Попробуйте ещё раз.",
    oauth_no_verified_email: "У этой учётной записи нет подтверждённой почты, поэтому мы не можем её привязать.",

    register_title: "Регистрация",
    register_lead: "Заказывайте быстрее, следите за заказами и храните адреса.",
    register_submit: "Зарегистрироваться",
    have_account: "Уже есть аккаунт? Войдите",

    confirm_title: "Подтвердите почту",
    confirm_lead: "Один клик — и аккаунт готов.",
    confirm_submit: "Подтвердить почту",

    forgot_title: "Сброс пароля",
    forgot_lead: "Укажите почту, и мы пришлём ссылку для выбора нового пароля.",
    forgot_submit: "Отправить ссылку",
    forgot_sent: "Если аккаунт с такой почтой есть, ссылка уже в пути. Она действует один час.",

    reset_title: "Новый пароль",
    reset_lead: "На всех остальных устройствах вы выйдете из аккаунта.",
    reset_submit: "Сохранить пароль",

    account_title: "Ваш кабинет",
    profile: "Профиль",
    save: "Сохранить",
    saved: "Сохранено.",
    photo: "Фото",
    photo_hint: "JPEG, PNG, WebP или GIF, до 5 МБ. Обрежем до квадрата.",
    photo_upload: "Загрузить фото",
    photo_remove: "Удалить фото",
    change_password: "Сменить пароль",
    password_changed: "Пароль изменён. На других устройствах вы вышли из аккаунта.",

    users_title: "Пользователи",
    users_search: "Поиск по имени или почте",
    all_roles: "Все роли",
    search: "Найти",
    status: "Статус",
    actions: "Действия",
    status_active: "Активен",
    status_blocked: "Заблокирован",
    status_unconfirmed: "Не подтверждён",
    block: "Заблокировать",
    unblock: "Разблокировать",
    change_role: "Сменить роль",
    add_user: "Добавить пользователя",
    add_user_lead: "Для сотрудников, поставщиков и клиентов, которые заказывают по телефону. Аккаунт готов сразу.",
    user_added: "Пользователь добавлен.",
    no_users: "Никого не нашлось.",
    users_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} пользователь"),
        Plural::Few => format!("{n} пользователя"),
        Plural::Many => format!("{n} пользователей"),
    },

    outbox_title: "Исходящая почта",
    outbox_lead: "Почтовый сервер не настроен, поэтому письма сохраняются здесь, а не отправляются.",
    outbox_empty: "Писем пока нет.",
    to: "Кому",
    subject: "Тема",
    messages_count: |n| match plural_ru(n) {
        Plural::One => format!("{n} письмо"),
        Plural::Few => format!("{n} письма"),
        Plural::Many => format!("{n} писем"),
    },

    err_email: "Укажите настоящий адрес почты, например anna@example.com.",
    err_password_short: "Пароль должен быть не короче 10 символов.",
    err_password_long: "Пароль должен быть не длиннее 256 символов.",
    err_password_digits: "Добавьте в пароль буквы, не только цифры.",
    err_email_taken: "Аккаунт с этой почтой уже есть. Войдите или сбросьте пароль.",
    err_wrong_credentials: "Неверная почта или пароль.",
    err_blocked: "Этот аккаунт заблокирован. Свяжитесь с магазином.",
    err_not_confirmed: "Сначала подтвердите почту. Мы отправили вам новую ссылку.",
    err_too_many: |secs| format!("Слишком много попыток входа. Попробуйте через {secs} с."),
    err_too_many_requests: |secs| {
        format!("Слишком много запросов отсюда. Попробуйте через {secs} с.")
    },
    err_name_required: "Укажите имя.",
    err_name_long: "Не длиннее 100 символов.",
    err_bad_link: "Ссылка неверна, уже использована или устарела. Запросите новую.",
    err_current_password: "Это не ваш текущий пароль.",
    err_role: "Выберите роль.",
    err_self: "Нельзя заблокировать себя или сменить себе роль.",
    err_photo_large: "Фото больше 5 МБ.",
    err_photo_not_image: "Этот файл не похож на картинку (JPEG, PNG, WebP или GIF).",
    err_photo_pixels: "Слишком много пикселей: не больше 6000 по стороне и около 16 мегапикселей.",
    err_photo_missing: "Сначала выберите фото.",

    mail_confirm_subject: |shop| format!("Подтвердите почту для «{shop}»"),
    mail_confirm_body: |name, shop, link| {
        format!(
            "Здравствуйте, {name}!\n\nСпасибо за регистрацию в «{shop}». Подтвердите адрес почты по ссылке:\n\n{link}\n\nСсылка действует три дня. Если вы не регистрировались, просто не отвечайте на это письмо.\n\n{shop}"
        )
    },
    mail_reset_subject: |shop| format!("Сброс пароля в «{shop}»"),
    mail_reset_body: |name, shop, link| {
        format!(
            "Здравствуйте, {name}!\n\nКто-то (надеемся, вы) попросил сбросить пароль вашего аккаунта в «{shop}». Выберите новый пароль здесь:\n\n{link}\n\nСсылка действует один час и только один раз. Если вы не просили, ничего не делайте: пароль останется прежним.\n\n{shop}"
        )
    },
    mail_taken_subject: |shop| format!("Ваш аккаунт в «{shop}»"),
    mail_taken_body: |name, shop, link| {
        format!(
            "Здравствуйте, {name}!\n\nКто-то (возможно, вы) пытался зарегистрироваться в «{shop}» с этим адресом почты, но аккаунт с ним уже есть. Если это были вы, войдите или выберите новый пароль здесь:\n\n{link}\n\nЕсли это были не вы, ничего не делайте: ничего не изменилось.\n\n{shop}"
        )
    },

    role_customer: "Покупатель",
    role_staff: "Пекарь",
    role_manager: "Менеджер",
    role_supplier: "Поставщик",
    role_admin: "Администратор",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_counts_agree_with_the_number() {
        assert_eq!((RU.users_count)(1), "1 пользователь");
        assert_eq!((RU.users_count)(3), "3 пользователя");
        assert_eq!((RU.users_count)(11), "11 пользователей");
        assert_eq!((RU.messages_count)(22), "22 письма");
        assert_eq!((EN.messages_count)(1), "1 message");
    }
}
