/// The words of a case's page (`CasePages`).
extension WorkbenchText {
    static let casesChinese: [String: String] = [
        "case": "案件", "channel": "来源渠道", "receivedOn": "接收日期", "caseDeadline": "办理期限", "handler": "承办人",
        "safety": "涉及老人安全", "yes": "是", "no": "否", "caseReceived": "反映的问题", "caseConclusion": "办理结论（内部）",
        "caseReply": "答复投诉人", "caseNotice": "告知机构的内容（查实时）", "complainants": "投诉人",
        "complainantsHidden": "投诉人信息只有本案承办人可以查看。", "anonymousOnly": "匿名投诉，未留姓名和联系方式。",
        "step": "步骤", "stepNote": "说明", "takeCase": "由我承办", "acceptCase": "受理", "investigateCase": "开始调查", "concludeCase": "办结",
        "rejectCase": "不予受理", "caseRejectReason": "不予受理的理由（内部）",
    ]

    static let casesEnglish: [String: String] = [
        "case": "Case", "channel": "Channel", "receivedOn": "Received on", "caseDeadline": "Due by", "handler": "Handler",
        "safety": "Residents' safety at stake", "yes": "Yes", "no": "No", "caseReceived": "What was reported",
        "caseConclusion": "Conclusion (internal)", "caseReply": "Reply to the complainant",
        "caseNotice": "What the institution is told (if substantiated)", "complainants": "Complainants",
        "complainantsHidden": "Only the person handling this case sees who complained.",
        "anonymousOnly": "Anonymous: no name or contact was left.", "step": "Step", "stepNote": "Note", "takeCase": "Handle it myself",
        "acceptCase": "Accept", "investigateCase": "Start investigating", "concludeCase": "Conclude", "rejectCase": "Do not accept",
        "caseRejectReason": "Why it is not accepted (internal)",
    ]
}
