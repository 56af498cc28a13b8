/// The words around a rectification notice's page (`NoticePages`); the notice itself is
/// printed in Chinese.
extension WorkbenchText {
    static let noticesChinese: [String: String] = [
        "notice": "整改通知书", "noticeTitle": "责令限期整改通知书", "notices": "整改通知书", "noticeDraft": "草稿：尚未签发，没有文号，不具法律效力。",
        "noticeState": "状态：#", "noticeHash": "本通知书签发内容的 SHA-256（可在系统中核对登记簿中的原文）：",
        "acknowledgeTitle": "确认签收（电子送达）", "acknowledgeHint": "确认签收即视为今日送达，整改期限自今日起计算。",
        "acknowledgeReceiver": "签收人姓名", "acknowledge": "确认签收", "noticePrintHint": "用浏览器的打印功能（Ctrl+P）可按 A4 打印本文书。",
        "backInstitution": "返回机构", "noNoticesYet": "暂无整改通知书。", "noticeNumber": "文号", "noticeDeadline": "整改期限", "draftNoNumber": "草稿（无文号）",
        "toAcknowledge": "待确认签收",
        "penalty": "行政处罚决定", "penaltyTitle": "行政处罚决定书", "penaltyList": "行政处罚", "penaltyDraft": "草稿：尚未告知当事人，不具法律效力。",
        "penaltyHash": "本决定书内容的 SHA-256（可在系统中核对登记簿中的原文）：", "answerTitle": "陈述、申辩",
        "answerText": "陈述、申辩的事实和理由", "askHearing": "要求举行听证", "submitAnswer": "提交陈述、申辩", "waiveAnswer": "放弃陈述、申辩",
        "repairTitle": "申请信用修复", "repairReason": "已改正的情况和申请理由", "submitRepair": "提交申请", "repairFrom": "可申请信用修复的日期：",
        "penaltyState": "状态", "penaltyNotified": "拟作出的行政处罚（已告知）", "answerUntil": "截止", "penaltyCategoriesWord": "处罚类别",
    ]

    static let noticesEnglish: [String: String] = [
        "notice": "Rectification notice", "noticeTitle": "Rectification notice", "notices": "Rectification notices",
        "noticeDraft": "Draft: not issued, no number, no legal effect.", "noticeState": "State: #",
        "noticeHash": "The SHA-256 of this notice's issued content (check it against the register's text):",
        "acknowledgeTitle": "Confirm receipt (electronic service)",
        "acknowledgeHint": "Confirming receipt serves the notice today; its deadline runs from today.",
        "acknowledgeReceiver": "Name of the person receiving it", "acknowledge": "Confirm receipt",
        "noticePrintHint": "Your browser's print (Ctrl+P) prints this document on A4.", "backInstitution": "Back to the institution",
        "noNoticesYet": "No rectification notices.", "noticeNumber": "Number", "noticeDeadline": "Deadline", "draftNoNumber": "Draft (no number)",
        "toAcknowledge": "Receipt to confirm",
        "penalty": "Penalty decision", "penaltyTitle": "Penalty decision", "penaltyList": "Penalties",
        "penaltyDraft": "Draft: the party has not been notified; no legal effect.",
        "penaltyHash": "The SHA-256 of this decision's content (check it against the register's text):", "answerTitle": "State your case",
        "answerText": "The facts and reasons you put forward", "askHearing": "Ask for a hearing", "submitAnswer": "Send your statement",
        "waiveAnswer": "Waive the statement", "repairTitle": "Apply for credit repair", "repairReason": "What you have put right, and why",
        "submitRepair": "Send the application", "repairFrom": "Credit repair may be asked for from", "penaltyState": "State",
        "penaltyNotified": "Intended penalty (notified)", "answerUntil": "until",
        "penaltyCategoriesWord": "Categories",
    ]
}
