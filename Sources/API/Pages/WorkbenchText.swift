import Domain

/// The words of the signed-in pages (`/w/…`, `/dashboard`), in Chinese and English.
enum WorkbenchText {
    static func words(_ language: Language) -> [String: String] { language == .english ? Self.allEnglish : Self.allChinese }

    static let allChinese = Self.chinese.merging(Self.recordsChinese) { first, _ in first }.merging(Self.onSiteChinese) { first, _ in first }.merging(
        Self.casesChinese
    ) { first, _ in first }.merging(Self.noticesChinese) { first, _ in first }
    static let allEnglish = Self.english.merging(Self.recordsEnglish) { first, _ in first }.merging(Self.onSiteEnglish) { first, _ in first }.merging(
        Self.casesEnglish
    ) { first, _ in first }.merging(Self.noticesEnglish) { first, _ in first }

    static let chinese: [String: String] = [
        "workbench": "养老机构综合监管工作台", "skip": "跳到正文", "otherLanguage": "English", "nav": "工作台", "signOut": "退出",
        "dashboard": "监管看板", "accounts": "账号管理", "myAccount": "我的账号", "footer": "本系统记录每次登录、失败和退出。",
        "formErrors": "请修改以下内容：",
        "signInTitle": "登录", "login": "登录名", "password": "密码", "code": "验证码或恢复码",
        "codeHint": "监管部门账号须填写验证器应用显示的 6 位验证码；验证器丢失时可填写一个恢复码。",
        "signIn": "登录", "refused": "登录名、密码或验证码不正确，或账号已被锁定。",
        "lockoutHint": "连续 5 次登录失败后，账号锁定 15 分钟；30 分钟无操作或登录满 12 小时后需重新登录。",
        "noAccountHint": "账号由监管部门邀请开通；收到邀请链接后设置密码即可登录。", "signedOut": "您已退出。",
        "tooMany": "此地址的登录尝试过多，请 5 分钟后再试。", "busy": "登录的人较多，请稍后再试。",
        "invitationTitle": "开通账号", "invitationClosed": "此邀请链接已失效（已使用、已过期或已撤销）。请联系邀请您的监管部门重新邀请。",
        "invitedIntro": "#邀请您开通账号。请设置密码完成开通。", "displayName": "姓名", "role": "角色",
        "newPassword": "设置密码", "passwordAgain": "再次输入密码",
        "passwordRule": "至少 10 个字符，须包含小写字母、大写字母、数字、其他符号中的至少三类，且不能包含登录名。",
        "totpTitle": "第二重验证（验证器应用）", "totpIntro": "监管部门账号登录时须输入验证器应用（如手机上的身份验证器）显示的验证码。请在应用中添加此账号，再输入应用当前显示的 6 位验证码。",
        "totpLink": "在本机的验证器应用中打开", "totpKey": "或手动输入密钥：", "totpCode": "验证器显示的 6 位验证码",
        "activate": "开通账号", "activatedTitle": "账号已开通", "activated": "账号已开通，现在可以登录。",
        "recoveryTitle": "恢复码", "recoveryIntro": "请抄写或打印以下恢复码并妥善保管。验证器丢失时，每个恢复码可代替验证码登录一次。恢复码只显示这一次。",
        "goSignIn": "去登录", "recoveryLeft": "未使用的恢复码", "history": "登录记录",
        "historyIntro": "最近 50 次登录、失败、锁定和退出。如有不是您本人的记录，请立即联系监管部门。", "time": "时间", "event": "事件",
        "address": "来源地址", "event.account.signed_in": "登录", "event.account.sign_in_failed": "登录失败",
        "event.account.locked": "账号锁定", "event.account.signed_out": "退出",
        "invite": "邀请人员", "loginRule": "3–64 个小写字母、数字或 . _ @ -，以字母或数字开头；登录时使用。", "subject": "检查人员证件号或机构统一社会信用代码",
        "subjectHint": "邀请检查人员时填写其检查证件号；邀请机构人员时填写机构的统一社会信用代码；邀请监管部门同事时不填。",
        "noSubject": "", "sendInvitation": "生成邀请链接", "invitedText": "已邀请 #。请将以下链接当面或通过内部渠道发给本人（72 小时内有效，只能使用一次）：",
        "todo": "待办事项", "allClear": "没有等待处理的事项。", "todoIntro": "数字是等待您处理的件数；点开可看到具体事项，最紧迫的在前。",
        "queue.inspections-to-review": "待审核的检查", "queue.rectifications-to-verify": "待验收的整改",
        "queue.extension-requests": "待决定的延期申请", "queue.objections": "待决定的异议（失信名单）", "queue.overdue-hazards": "逾期未整改的隐患",
        "queue.draws-waiting": "待执行的抽查", "queue.open-cases": "办理中的案件", "backTodo": "返回待办事项", "queueEmpty": "此项下没有等待处理的事项。",
        "item": "事项", "institution": "机构", "day": "日期", "day.inspections-to-review": "检查日期", "day.rectifications-to-verify": "整改期限",
        "day.extension-requests": "整改期限", "day.objections": "异议期限", "day.overdue-hazards": "整改期限", "day.draws-waiting": "计划日期",
        "day.open-cases": "办结期限", "queueMore": "只显示最紧迫的 100 件。",
        "linkOnce": "链接只显示这一次；本系统只保存其哈希值。", "state": "状态", "actions": "操作", "disable": "停用", "next": "下一页",
    ]

    static let english: [String: String] = [
        "workbench": "Elderly-care supervision workbench", "skip": "Skip to content", "otherLanguage": "中文", "nav": "Workbench",
        "signOut": "Sign out", "dashboard": "Dashboard", "accounts": "Accounts", "myAccount": "My account",
        "footer": "Every sign-in, failure and sign-out is recorded.", "formErrors": "Please correct the following:",
        "signInTitle": "Sign in", "login": "Login", "password": "Password", "code": "Code or recovery code",
        "codeHint": "Regulators' accounts need the 6-digit code of their authenticator app; a recovery code stands in for a lost app.",
        "signIn": "Sign in", "refused": "The login, password or code is wrong, or the account is locked.",
        "lockoutHint":
            "After 5 failed sign-ins in a row the account is locked for 15 minutes; after 30 minutes idle or 12 hours signed in, sign in again.",
        "noAccountHint": "Accounts are opened by invitation from the regulator: open the link, set a password, sign in.",
        "signedOut": "You are signed out.",
        "tooMany": "Too many sign-in attempts from this address: try again in 5 minutes.",
        "busy": "Many people are signing in: try again in a moment.", "invitationTitle": "Open your account",
        "invitationClosed": "This invitation link no longer works (used, expired or withdrawn). Ask the regulator who invited you for a new one.",
        "invitedIntro": "# invites you to open an account. Set a password to finish.", "displayName": "Name", "role": "Role",
        "newPassword": "Password", "passwordAgain": "Password again",
        "passwordRule": "At least 10 characters mixing three of lower case, upper case, digits and other signs, without the login.",
        "totpTitle": "Second factor (authenticator app)",
        "totpIntro": "Regulators sign in with the code of an authenticator app. Add this account to the app, then type the 6-digit code it shows.",
        "totpLink": "Open in this device's authenticator app", "totpKey": "Or type the key: ", "totpCode": "The app's 6-digit code",
        "activate": "Open account", "activatedTitle": "Account opened", "activated": "Your account is open: you can sign in now.",
        "recoveryTitle": "Recovery codes",
        "recoveryIntro":
            "Write down or print these codes and keep them safe. Each signs you in once in place of a lost app's code. They are shown only now.",
        "goSignIn": "Sign in", "recoveryLeft": "Unused recovery codes", "history": "Sign-in history",
        "historyIntro": "The last 50 sign-ins, failures, lockouts and sign-outs. If one was not you, tell the regulator at once.",
        "time": "Time", "event": "Event", "address": "From", "event.account.signed_in": "Signed in",
        "event.account.sign_in_failed": "Sign-in failed", "event.account.locked": "Locked", "event.account.signed_out": "Signed out",
        "invite": "Invite a person", "loginRule": "3–64 lower-case letters, digits or . _ @ -, starting with a letter or digit.",
        "subject": "Inspector's certificate number or institution's credit code",
        "subjectHint":
            "For an inspector, their certificate number; for an institution's staff, the institution's unified social credit code; for a colleague, nothing.",
        "noSubject": "", "sendInvitation": "Make invitation link",
        "invitedText": "# is invited. Give them this link in person or through an internal channel (valid 72 hours, once):",
        "linkOnce": "The link is shown only now; only its hash is stored.", "state": "State", "actions": "Actions", "disable": "Disable",
        "next": "Next page",
        "todo": "To do", "allClear": "Nothing is waiting for you.",
        "todoIntro": "Each number is how many wait for you; open one to see them, the most pressing first.",
        "queue.inspections-to-review": "Inspections to review", "queue.rectifications-to-verify": "Rectifications to verify",
        "queue.extension-requests": "Extension requests to decide", "queue.objections": "Objections to decide (blacklist)",
        "queue.overdue-hazards": "Overdue hazards", "queue.draws-waiting": "Draws waiting", "queue.open-cases": "Open cases",
        "backTodo": "Back to the to-do list", "queueEmpty": "Nothing waits here.", "item": "Item", "institution": "Institution", "day": "Day",
        "day.inspections-to-review": "Inspection day", "day.rectifications-to-verify": "Deadline", "day.extension-requests": "Deadline",
        "day.objections": "Objection deadline", "day.overdue-hazards": "Deadline", "day.draws-waiting": "Scheduled",
        "day.open-cases": "Due", "queueMore": "Only the 100 most pressing are shown.",
    ]
}
