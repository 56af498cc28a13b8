import Domain

/// The portal's words, in Chinese and English. A Chinese page shows Chinese only: enum
/// values (operator types, statuses, listing reasons, draw states) have their labels here
/// too, under `<kind>.<raw value>`.
struct PortalText: Sendable {
    var dictionary: [String: String]

    var home: String { self["home"] }
    var draws: String { self["draws"] }
    var draw: String { self["draw"] }
    var verify: String { self["verify"] }
    var institutions: String { self["institutions"] }
    var penalties: String { self["penalties"] }

    subscript(_ key: String) -> String { self.dictionary[key] ?? key }

    /// An enum value's label, e.g. `label("status", "operating")`.
    func label(_ kind: String, _ raw: String) -> String { self.dictionary[kind + "." + raw] ?? raw }

    /// "★★★ 3 星" / "★★★ 3 stars"; `nil` is 未评定.
    func stars(_ level: Int?) -> String {
        guard let level else { return self["unrated"] }
        return String(repeating: "★", count: max(0, min(level, 5))) + " " + self["starsWord"].replacingOccurrences(of: "#", with: String(level))
    }

    static let chinese = PortalText(dictionary: [
        "penalties": "行政处罚信息", "penaltiesIntro": "依法公示的行政处罚决定（双公示），公示期满或信用修复后不再公示。",
        "party": "行政相对人", "decisionNumber": "决定书文号", "penaltyCategories": "处罚类别", "penaltyContent": "处罚内容",
        "decidedOn": "处罚决定日期", "publicationEnd": "公示截止期", "violationKind": "违法行为类型", "downloadCSV": "下载 CSV（Excel 可打开）",
        "nav": "导航", "home": "信息公开", "draws": "双随机抽查", "draw": "抽查记录", "verify": "验证抽查记录", "otherLanguage": "English",
        "ratings": "养老机构星级评定", "blacklist": "失信联合惩戒对象名单", "inspections": "检查结果公开", "none": "暂无。",
        "institution": "机构", "level": "星级", "validUntil": "有效期至", "representative": "法定代表人", "reason": "列入事由",
        "listed": "列入期限", "date": "日期", "outcome": "结论", "failedItems": "不合格项", "compliant": "合格", "nonCompliant": "不合格",
        "state": "状态", "committed": "承诺时间", "drawn": "抽取时间", "verification": "浏览器验证", "pending": "验证中…",
        "verificationIntro": "本页在您的浏览器中按公开算法 odraw-v1 重新计算本次抽查，并与公布结果比对。",
        "commitment": "种子承诺 SHA-256", "rosterHash": "名录哈希", "entropy": "公开随机数", "seed": "服务器种子",
        "assignments": "抽查结果", "notDrawn": "尚未抽取。", "roster": "名录", "targets": "个检查对象", "inspectorsWord": "名检查人员",
        "rawRecord": "原始记录（JSON）", "targetsTitle": "检查对象名录（含风险权重）", "weight": "权重", "targetID": "编号",
        "inspectorsTitle": "检查人员名录", "conflicts": "回避关系", "pasteIntro": "粘贴抽查记录的 JSON，在浏览器中验证。", "record": "抽查记录 JSON",
        "footer": "依法公开的信息；抽查记录可由任何人独立验证。", "previous": "上一页", "next": "下一页",
        "search": "按机构名称查找", "searchButton": "查找", "results": "条",
        "portalName": "养老机构综合监管信息公开", "skip": "跳到正文", "colon": "：", "verified": "验证通过", "failed": "验证未通过", "statusNote": "（#）", "comma": "，",
        "asTable": "以表格查看",
        // The directory and the institution page.
        "institutions": "养老机构名录", "name": "机构名称", "district": "所在区县", "allDistricts": "全部区县", "address": "地址",
        "beds": "床位数", "nursingBeds": "护理型床位数", "rating": "星级", "unrated": "未评定", "starsWord": "# 星", "phone": "联系电话",
        "filter": "筛选", "directoryIntro": "依法公开的养老机构登记信息。已注销的机构不在名录中。",
        "register": "登记信息", "creditCode": "统一社会信用代码", "operatorType": "举办性质", "status": "运营状态",
        "currentRating": "当前星级", "publishedAt": "评定日期", "legalBasis": "列入依据", "listedAt": "列入日期", "listedUntil": "列入期限至",
        "notListed": "未被列入失信联合惩戒对象名单。", "publishedInspections": "已公开的检查", "doneOn": "检查日期",
        "findings": "发现问题（不合格项）", "openMajorHazards": "未整改重大事故隐患", "hazardsIntro": "尚未整改验收的重大事故隐患数量。",
        "noInspections": "暂无已公开的检查。", "seeDirectory": "查看全部机构",
        // Indicators.
        "indicators": "监管指标", "indicator": "指标", "value": "当前值", "target": "目标", "targetWord": "目标", "basis": "计算依据",
        "indicator.star_rated_share": "星级养老机构占比", "indicator.nursing_bed_share": "护理型床位占比",
        "indicator.gb38600_compliance_rate": "GB 38600 强制性国家标准达标率", "targetMet": "已达到目标", "targetMissed": "未达到目标",
        // Error pages.
        "error.404": "未找到页面", "error.404.detail": "您访问的页面不存在，或其信息尚未公开。",
        "error.404.tenant": "未找到该地区的信息公开页面，请检查网址。", "error.404.institution": "未找到该养老机构，或其信息尚未公开。",
        "error.404.draw": "未找到该抽查记录，或其尚未公开。", "error.422": "请求有误", "error.422.detail": "网址中的参数有误（例如页码超出范围），请返回后重试。",
        "error.503": "服务暂不可用", "error.503.detail": "服务暂时无法访问，请稍后再试。", "error.other": "出错了",
        "error.other.detail": "无法显示该页面，请稍后再试。", "errorCode": "错误代码", "backHome": "返回信息公开首页",
        "portalAddress": "各地信息公开页面的网址形如 /p/地区代码，例如 /p/demo。",
        // Enum values.
        "operator.public": "公办", "operator.public_built_private_run": "公建民营", "operator.private": "民办",
        "status.operating": "正常运营", "status.suspended": "暂停运营", "status.closed": "已注销",
        "drawState.committed": "已承诺，待抽取", "drawState.drawn": "已抽取", "drawState.planned": "计划中",
        "reason.1": "超出登记宗旨和业务范围从事活动", "reason.2": "侵害老年人合法权益", "reason.3": "欺骗、诈骗老年人",
        "reason.4": "重大火灾隐患未在期限内整改", "reason.5": "对安全责任事故负有主要或直接责任", "reason.6": "骗取补贴",
        "reason.7": "拒绝、阻碍检查或在检查中弄虚作假", "reason.8": "未按规定报送年度报告或公开信息", "reason.9": "其他严重违法违规行为",
        // Complaints.
        "complaints": "投诉举报", "complaintIntro": "向民政部门反映养老机构的问题，不需要注册。可以匿名；留下的姓名和联系方式仅承办的监管人员可见，不会告知被投诉的机构，也不会公开。",
        "complaintInstitution": "被投诉的机构", "complaintInstitutionHint": "机构名称（知道的话请填写）",
        "complaintContent": "投诉内容", "complaintContentHint": "请写明时间、地点和经过，最多 5000 字。",
        "complaintSafety": "涉及老人人身安全（虐待、受伤、火灾、走失等），需要尽快处理", "complaintContactTitle": "联系方式（可不填）",
        "complaintName": "姓名", "complaintContact": "电话或电子邮箱", "complaintAnonymousNote": "姓名和联系方式都不填，即为匿名投诉。",
        "complaintHoneypot": "请勿填写此项", "complaintSubmit": "提交投诉", "complaintTrack": "查询办理进度", "trackCode": "查询码",
        "trackButton": "查询", "complaintStatus": "投诉办理进度",
        "complaintReceived": "您的投诉已登记。请记下或截图保存下面的查询码（也可收藏本页），凭它在本网站查询办理进度和答复：",
        "caseNumber": "登记编号", "receivedOn": "登记日期", "caseState": "办理状态", "reply": "答复", "concludedOn": "办结日期",
        "noReply": "尚未答复。办结后将在此显示答复。", "complaintErrors": "请修改以下内容后再提交：",
        "complaintRateLimited": "提交过于频繁，请 # 分钟后再试。您填写的内容仍保留在下方。",
        "complaintHoneypotError": "无法提交：表单中一个隐藏的项目被填写了。请刷新页面后重新填写。",
        "complaintAbout": "投诉该机构", "substantiatedComplaints": "经查属实的投诉",
        "substantiatedIntro": "近 12 个月内经调查属实或部分属实的投诉件数。", "complaintStatusNote": "本页只显示办理状态和答复。",
        "case.received": "已接收，待受理", "case.accepted": "已受理", "case.investigating": "调查核实中", "case.concluded": "已办结",
        "case.rejected": "不予受理", "case.merged": "已并案办理",
        "error.404.complaint": "查询码无效，或未找到该投诉。请核对查询码后重试。", "error.413": "提交的内容过长",
        "error.413.detail": "提交的内容超过了允许的长度，请精简后重试。",
        "reason.court_dishonest": "被人民法院依法判定为失信被执行人",
    ])

    static let english = PortalText(dictionary: [
        "penalties": "Administrative penalties",
        "penaltiesIntro": "Penalty decisions published as the law requires; each leaves the list at the end of its period or on credit repair.",
        "party": "Party", "decisionNumber": "Decision number", "penaltyCategories": "Categories", "penaltyContent": "Penalty",
        "decidedOn": "Decided on", "publicationEnd": "Published until", "violationKind": "Kind of violation",
        "downloadCSV": "Download CSV (opens in Excel)",
        "nav": "Navigation", "home": "Public information", "draws": "Double-random draws", "draw": "Draw record",
        "verify": "Verify a draw record", "otherLanguage": "中文", "ratings": "Star ratings", "blacklist": "Credit blacklist",
        "inspections": "Published inspection outcomes", "none": "None.", "institution": "Institution", "level": "Stars",
        "validUntil": "Valid until", "representative": "Legal representative", "reason": "Reason", "listed": "Listed",
        "date": "Date", "outcome": "Outcome", "failedItems": "Failed items", "compliant": "compliant", "nonCompliant": "non-compliant",
        "state": "State", "committed": "Committed", "drawn": "Drawn", "verification": "Verified in your browser",
        "pending": "checking…",
        "verificationIntro":
            "This page recomputes the draw with the published algorithm odraw-v1 in your browser and compares it with the published result.",
        "commitment": "Seed commitment (SHA-256)", "rosterHash": "Roster hash", "entropy": "Public entropy", "seed": "Server seed",
        "assignments": "Assignments", "notDrawn": "Not drawn yet.", "roster": "Roster", "targets": "targets", "inspectorsWord": "inspectors",
        "rawRecord": "Raw record (JSON)", "targetsTitle": "Targets (with risk weights)", "weight": "Weight", "targetID": "ID",
        "inspectorsTitle": "Inspectors", "conflicts": "Conflict pairs", "pasteIntro": "Paste a draw record's JSON to verify it in your browser.",
        "record": "Draw record JSON", "footer": "Information published by law; draw records can be verified by anyone.",
        "previous": "previous", "next": "next", "search": "Find by institution name", "searchButton": "Find",
        "results": "results", "portalName": "Supervision of elderly-care institutions: public information", "skip": "Skip to content", "colon": ": ",
        "verified": "verified", "failed": "failed",
        "statusNote": " (#)",
        "comma": ", ", "asTable": "As a table",
        "institutions": "Institution directory", "name": "Name", "district": "District", "allDistricts": "All districts", "address": "Address",
        "beds": "Beds", "nursingBeds": "Nursing beds", "rating": "Star rating", "unrated": "Not rated", "starsWord": "# stars",
        "phone": "Phone", "filter": "Filter",
        "directoryIntro": "Register data of elderly-care institutions, published by law. Deregistered institutions are not listed.",
        "register": "Register data", "creditCode": "Unified social credit code", "operatorType": "Operator type", "status": "Status",
        "currentRating": "Current star rating", "publishedAt": "Rated on", "legalBasis": "Legal basis", "listedAt": "Listed on",
        "listedUntil": "Listed until", "notListed": "Not on the credit blacklist.", "publishedInspections": "Published inspections",
        "doneOn": "Inspected on", "findings": "Findings (failed items)", "openMajorHazards": "Open major hazards",
        "hazardsIntro": "Major accident hazards not yet rectified and verified.", "noInspections": "No published inspection yet.",
        "seeDirectory": "All institutions",
        "indicators": "Indicators", "indicator": "Indicator", "value": "Current", "target": "Target", "targetWord": "target", "basis": "Basis",
        "indicator.star_rated_share": "Star-rated institutions", "indicator.nursing_bed_share": "Nursing-bed share",
        "indicator.gb38600_compliance_rate": "GB 38600 compliance", "targetMet": "target met", "targetMissed": "target not met",
        "error.404": "Page not found", "error.404.detail": "The page does not exist, or what it shows is not published.",
        "error.404.tenant": "There is no public information page at this address; check the address.",
        "error.404.institution": "No such institution, or its information is not published.",
        "error.404.draw": "No such draw record, or it is not published yet.", "error.422": "Bad request",
        "error.422.detail": "A parameter of the address is wrong (a page number out of range, say); go back and try again.",
        "error.503": "Service unavailable", "error.503.detail": "The service cannot be reached right now; try again shortly.",
        "error.other": "Something went wrong", "error.other.detail": "The page cannot be shown; try again later.",
        "errorCode": "Error code", "backHome": "Back to the public information home page",
        "portalAddress": "Each region's public information page is at /p/region-code, e.g. /p/demo.",
        "operator.public": "public", "operator.public_built_private_run": "public-built, privately run", "operator.private": "private",
        "status.operating": "operating", "status.suspended": "suspended", "status.closed": "deregistered",
        "drawState.committed": "committed, awaiting the draw", "drawState.drawn": "drawn", "drawState.planned": "planned",
        "reason.1": "acting outside the registered purpose or scope", "reason.2": "infringing residents' rights",
        "reason.3": "defrauding elders", "reason.4": "a major fire hazard not rectified by its deadline",
        "reason.5": "main or direct responsibility for a safety accident", "reason.6": "obtaining subsidies by fraud",
        "reason.7": "refusing, obstructing or faking during inspection", "reason.8": "not filing annual reports or disclosures",
        "reason.9": "other serious violations", "reason.court_dishonest": "declared a dishonest judgment debtor by a court",
        "complaints": "Complaints",
        "complaintIntro":
            "Tell the civil affairs bureau about a problem at an elderly-care institution; no account needed. You may stay anonymous; a name and contact you leave are seen only by the regulator's staff handling it, never told to the institution and never published.",
        "complaintInstitution": "Institution concerned", "complaintInstitutionHint": "Its name, if you know it",
        "complaintContent": "Your complaint", "complaintContentHint": "When, where and what happened; at most 5,000 characters.",
        "complaintSafety": "Residents' safety is at stake (abuse, injury, fire, a missing resident): handle it urgently",
        "complaintContactTitle": "Contact (optional)", "complaintName": "Name", "complaintContact": "Phone or e-mail",
        "complaintAnonymousNote": "Leave both empty to complain anonymously.", "complaintHoneypot": "Leave this empty",
        "complaintSubmit": "Send the complaint", "complaintTrack": "Follow a complaint", "trackCode": "Tracking code", "trackButton": "Look up",
        "complaintStatus": "Complaint status",
        "complaintReceived":
            "Your complaint is registered. Write down this tracking code (or bookmark this page): with it you can follow the handling and read the reply here:",
        "caseNumber": "Case number", "receivedOn": "Received on", "caseState": "State", "reply": "Reply", "concludedOn": "Concluded on",
        "noReply": "No reply yet; it appears here once the case is concluded.", "complaintErrors": "Please correct the following and send again:",
        "complaintRateLimited": "Too many complaints from this address; try again in # minutes. What you wrote is kept below.",
        "complaintHoneypotError": "Cannot send: a hidden field of the form was filled in. Reload the page and fill it in again.",
        "complaintAbout": "Complain about this institution", "substantiatedComplaints": "Substantiated complaints",
        "substantiatedIntro": "complaints found wholly or partly substantiated in the last 12 months.",
        "complaintStatusNote": "This page shows only the state and the reply.",
        "case.received": "received, awaiting acceptance", "case.accepted": "accepted", "case.investigating": "under investigation",
        "case.concluded": "concluded", "case.rejected": "not accepted", "case.merged": "merged with another case",
        "error.404.complaint": "The tracking code is wrong, or no such complaint exists; check the code and try again.",
        "error.413": "Too long", "error.413.detail": "What was sent is longer than allowed; shorten it and try again.",
    ])
}
