-- Checklist templates and their versions. National templates (GB 38600-2019) belong to
-- no tenant: every tenant reads them, nobody edits them through the service, and under
-- Citus they become reference tables. Tenants write their own templates or copy one.
-- A published version is immutable (a trigger refuses any change); editing a template
-- writes a new draft version.

CREATE TABLE national_checklist_templates (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    standard text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE national_checklist_versions (
    id uuid PRIMARY KEY,
    template_id uuid NOT NULL REFERENCES national_checklist_templates (id),
    version integer NOT NULL CHECK (version >= 1),
    title text NOT NULL,
    items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (template_id, version)
);
GRANT SELECT ON national_checklist_templates, national_checklist_versions TO oversight_app;

CREATE TABLE checklist_templates (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    standard text CHECK (length(standard) <= 100),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    copied_from_version_id uuid,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE checklist_versions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    template_id uuid NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    state text NOT NULL CHECK (state IN ('draft', 'published')),
    title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_by uuid,
    published_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, template_id, version),
    CHECK ((state = 'published') = (published_at IS NOT NULL)),
    FOREIGN KEY (tenant_id, template_id) REFERENCES checklist_templates (tenant_id, id)
);
-- at most one draft per template
CREATE UNIQUE INDEX checklist_versions_one_draft ON checklist_versions (tenant_id, template_id) WHERE state = 'draft';

CREATE FUNCTION refuse_published_checklist_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'published' THEN
        RAISE EXCEPTION 'checklist version % is published and cannot change', OLD.id USING ERRCODE = '55000';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER checklist_versions_immutable BEFORE UPDATE OR DELETE ON checklist_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_published_checklist_change();

ALTER TABLE checklist_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE checklist_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON checklist_templates
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON checklist_templates TO oversight_app;

ALTER TABLE checklist_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE checklist_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON checklist_versions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON checklist_versions TO oversight_app;

-- The national GB 38600-2019 template, version 1.
INSERT INTO national_checklist_templates (id, title, standard, description) VALUES (
    '00000000-3860-7000-8000-000000000001',
    '养老机构服务安全基本规范 GB 38600-2019',
    'GB 38600-2019',
    'National mandatory standard for elderly-care institution service safety (in force since 2022-01-01): basic requirements, risk assessment, the nine service-protection risks, and management.'
);
INSERT INTO national_checklist_versions (id, template_id, version, title, items) VALUES (
    '00000000-3860-7000-8000-000000000101',
    '00000000-3860-7000-8000-000000000001',
    1,
    '养老机构服务安全基本规范 GB 38600-2019（第1版）',
    $items$[
  {
    "code": "BR-01",
    "section": "basic_requirements",
    "text": "符合消防法律法规和消防技术标准中的强制性规定及要求。",
    "text_en": "Complies with the mandatory provisions of fire-safety laws and fire technical standards.",
    "guidance": "查验消防验收/备案或消防安全检查合格文件，核对现场与之一致。 / Check fire acceptance, filing or inspection approval and that the premises match it.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "facilities_equipment",
    "fire_related": true
  },
  {
    "code": "BR-02",
    "section": "basic_requirements",
    "text": "消防设施、器材配置齐全并保持完好有效；疏散通道、安全出口畅通，不得锁闭、堵塞或占用。",
    "text_en": "Fire-fighting facilities and equipment are complete and working; evacuation routes and exits are unobstructed, never locked or blocked.",
    "guidance": "现场抽查灭火器、报警、喷淋、应急照明和疏散指示，并走查疏散通道和安全出口。 / Spot-check extinguishers, alarms, sprinklers, emergency lighting and exit signs, and walk the escape routes and exits.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "facilities_equipment",
    "fire_related": true
  },
  {
    "code": "BR-03",
    "section": "basic_requirements",
    "text": "电气线路、用电设备及燃气设施的安装使用符合安全标准，无私拉乱接、违规使用大功率电器或电动车违规停放充电。",
    "text_en": "Electrical wiring, appliances and gas installations meet safety standards; no improvised wiring, prohibited high-power appliances, or e-bikes parked or charged improperly.",
    "guidance": "检查配电箱、线路敷设、燃气报警和切断装置以及电动车停放充电区域，查阅电气检测记录。 / Inspect distribution boxes, wiring, gas alarms and shut-off valves and e-bike parking/charging areas; review electrical test records.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "facilities_equipment",
    "fire_related": true
  },
  {
    "code": "BR-04",
    "section": "basic_requirements",
    "text": "建筑及设施设备符合建筑、特种设备等强制性标准，不使用危房；电梯、锅炉等特种设备依法登记并定期检验。",
    "text_en": "Buildings and equipment meet mandatory building and special-equipment standards; no dangerous buildings are used; lifts, boilers and other special equipment are registered and inspected on schedule.",
    "guidance": "查阅房屋安全鉴定结论和特种设备使用登记及检验合格证，并现场查看。 / Review the building-safety appraisal and the special-equipment registrations and inspection certificates, and look on site.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "facilities_equipment",
    "fire_related": false
  },
  {
    "code": "BR-05",
    "section": "basic_requirements",
    "text": "符合食品安全强制性要求；自办食堂依法取得食品经营许可，食品留样、从业人员健康证明符合规定。",
    "text_en": "Meets mandatory food-safety requirements; an in-house canteen holds a food business licence, and food samples are retained and food handlers hold health certificates.",
    "guidance": "查验食品经营许可证、留样记录、从业人员健康证明，并查看后厨。无自办食堂的，核查外购餐食供应商的资质。 / Check the food licence, sample-retention log and staff health certificates, and visit the kitchen; without a kitchen, check the meal supplier's licence.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": true,
    "risk": null,
    "hazard_category": "qualifications",
    "fire_related": false
  },
  {
    "code": "BR-06",
    "section": "basic_requirements",
    "text": "药品管理符合规定，药品集中妥善保管、标识清楚；设立内设医疗机构的，应依法取得执业许可或备案。",
    "text_en": "Drug management follows regulations, with drugs kept centrally and securely and clearly labelled; an in-house clinic holds a practising licence or is registered.",
    "guidance": "查看药品存放、标识和效期管理，查验内设医疗机构执业许可或备案凭证。 / Check drug storage, labelling and expiry control, and the in-house clinic's licence or registration.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "qualifications",
    "fire_related": false
  },
  {
    "code": "BR-07",
    "section": "basic_requirements",
    "text": "符合卫生与健康强制性要求，落实清洁消毒和传染病防控措施。",
    "text_en": "Meets mandatory health and hygiene requirements, with cleaning, disinfection and communicable-disease control in place.",
    "guidance": "查阅清洁消毒记录、传染病防控制度和健康监测台账，并查看现场卫生状况。 / Review cleaning and disinfection records, the infection-control rules and health-monitoring logs, and check hygiene on site.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "BR-08",
    "section": "basic_requirements",
    "text": "按照GB 2893和GB 2894设置安全色和安全标志。",
    "text_en": "Safety colours and safety signs are provided according to GB 2893 and GB 2894.",
    "guidance": "现场查看危险部位、疏散通道、电梯、楼梯、卫浴间等处的安全标志是否齐全、规范。 / Check on site that safety signs are complete and correct at hazards, escape routes, lifts, stairs and bathrooms.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "BR-09",
    "section": "basic_requirements",
    "text": "养老护理员经岗前培训合格后方可上岗。",
    "text_en": "Caregivers start work only after passing pre-job training.",
    "guidance": "抽查护理员的培训记录、考核结果和上岗时间。 / Sample caregivers' training records, assessment results and start dates.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "BR-10",
    "section": "basic_requirements",
    "text": "实行昼夜巡查，做好巡查记录和交接班记录。",
    "text_en": "Day-and-night rounds are carried out, with round and shift hand-over records kept.",
    "guidance": "查阅近期昼夜巡查记录和交接班记录，看夜间巡查是否连续、是否有签名。 / Review recent day and night round logs and hand-over records for continuity of night rounds and signatures.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "BR-11",
    "section": "basic_requirements",
    "text": "尊重和保护老年人隐私，对老年人个人信息及视频监控资料保密。",
    "text_en": "Residents' privacy is respected; their personal information and CCTV footage are kept confidential.",
    "guidance": "查看档案和监控资料的保管、调阅和授权制度，以及监控探头是否避开私密区域。 / Check custody, access and authorisation rules for files and CCTV footage, and that cameras do not cover private areas.",
    "mandatory": true,
    "weight": 1,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "BR-12",
    "section": "basic_requirements",
    "text": "不得向老年人推销保健品、药品。",
    "text_en": "Health products and drugs are not peddled to residents.",
    "guidance": "询问老年人及家属，检查院内有无推销宣传、讲座和销售行为。 / Interview residents and families; look for sales talks, promotional material or sales on the premises.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "illegal_service",
    "fire_related": false
  },
  {
    "code": "BR-13",
    "section": "basic_requirements",
    "text": "被服务对象排泄物、血液、体液等污染的织物单独收集、清洗和消毒。",
    "text_en": "Linen contaminated by excreta, blood or body fluids is collected, washed and disinfected separately.",
    "guidance": "查看洗衣房分区、污染织物收集容器和消毒记录。 / Check laundry zoning, containers for contaminated linen and disinfection records.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "BR-14",
    "section": "basic_requirements",
    "text": "室内禁止吸烟，并设置禁烟标志。",
    "text_en": "Smoking is banned indoors and no-smoking signs are posted.",
    "guidance": "现场查看有无吸烟痕迹和禁烟标志，询问对吸烟老年人的管理措施。 / Look for signs of smoking and for no-smoking signs; ask how residents who smoke are managed.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": true
  },
  {
    "code": "RA-01",
    "section": "risk_assessment",
    "text": "老年人入住前进行服务安全风险评估，评估内容包括噎食、食品药品误食、压疮、烫伤、坠床、跌倒、他伤和自伤、走失、文娱活动意外等风险。",
    "text_en": "Before admission, each elder is assessed for service-safety risks, including choking, ingestion of wrong food or drugs, pressure sores, burns, bed falls, falls, injury by others and self-harm, wandering and recreational accidents.",
    "guidance": "抽查入住老年人档案，核对每人均有入住前评估，内容覆盖九类风险。 / Sample resident files: each has a pre-admission assessment covering all nine risks.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "RA-02",
    "section": "risk_assessment",
    "text": "老年人身体、精神状况发生变化时及时重新评估，入住期间定期评估。",
    "text_en": "Elders are reassessed promptly when their physical or mental condition changes, and periodically during their stay.",
    "guidance": "对照护理记录中的病情变化、住院或意外事件，查看是否有相应的重新评估及定期评估。 / Compare condition changes, hospital stays or incidents in care records against reassessments and periodic assessments.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "RA-03",
    "section": "risk_assessment",
    "text": "根据评估结果确定风险等级，据此制定或调整照护计划和防护措施。",
    "text_en": "Assessment results set the risk level and are used to draw up or adjust the care plan and protective measures.",
    "guidance": "抽查评估结果与照护计划、床头或房间风险提示是否一致。 / Check that assessment results match the care plan and bedside or room risk alerts.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "RA-04",
    "section": "risk_assessment",
    "text": "评估结果告知老年人或其监护人、家属，并由其签字确认。",
    "text_en": "Assessment results are communicated to the elder or their guardian or family, who sign to acknowledge them.",
    "guidance": "查看评估报告上的告知签字。 / Check the acknowledgement signatures on the assessment reports.",
    "mandatory": true,
    "weight": 1,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "SP-CH-01",
    "section": "service_protection",
    "text": "对有噎食风险的老年人，根据其吞咽能力提供适宜的食物（如软食、糊状食物），并在床头或餐位作出标识。",
    "text_en": "Elders at risk of choking receive food suited to their swallowing ability (such as soft or pureed food), and their bed or dining place is marked.",
    "guidance": "抽查高风险老年人的膳食安排和标识。 / Sample high-risk elders' meal arrangements and markers.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "choking",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-CH-02",
    "section": "service_protection",
    "text": "有噎食风险的老年人进食时有专人照看，协助进食时体位适当、喂食速度适宜。",
    "text_en": "Elders at risk of choking are watched by staff while eating, with correct posture and pace of feeding when assisted.",
    "guidance": "观察就餐过程，询问护理员协助进食方法。 / Observe a mealtime and ask caregivers how they assist with feeding.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "choking",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-CH-03",
    "section": "service_protection",
    "text": "工作人员掌握噎食急救方法（如海姆立克法），发现噎食立即施救并通知医护人员。",
    "text_en": "Staff know first aid for choking (such as the Heimlich manoeuvre), give it at once and call medical staff.",
    "guidance": "抽问或请护理员演示噎食急救，查阅培训记录。 / Quiz caregivers or have them demonstrate choking first aid; review training records.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "choking",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WI-01",
    "section": "service_protection",
    "text": "食品、药品与清洁剂、消毒剂等有毒有害物品分开存放，有毒有害物品妥善保管，防止老年人误取误食。",
    "text_en": "Food and drugs are stored apart from detergents, disinfectants and other toxic substances, which are kept secure so that elders cannot take or swallow them by mistake.",
    "guidance": "查看房间、库房、护理站的物品存放情况。 / Check storage in rooms, stores and the nurses' station.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "wrong_ingestion",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WI-02",
    "section": "service_protection",
    "text": "协助老年人服药时核对姓名、药名、剂量和时间，看服到口，并做好记录。",
    "text_en": "When helping elders take medication, staff check name, drug, dose and time, watch the dose being swallowed and record it.",
    "guidance": "抽查服药记录与药品标签，观察发药过程。 / Sample medication records against labels and observe a medication round.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "wrong_ingestion",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WI-03",
    "section": "service_protection",
    "text": "定期检查老年人自存食品和药品，及时清理过期、变质食品和药品。",
    "text_en": "Food and drugs kept by elders themselves are checked regularly, and expired or spoiled items are removed.",
    "guidance": "抽查老年人房间内食品药品及检查记录。 / Spot-check food and drugs in residents' rooms and the check records.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "wrong_ingestion",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-PS-01",
    "section": "service_protection",
    "text": "对有压疮风险的老年人定时翻身、变换体位，必要时使用防压疮气垫等减压用具。",
    "text_en": "Elders at risk of pressure sores are turned and repositioned on schedule, with pressure-relief aids such as air mattresses where needed.",
    "guidance": "查看翻身记录和减压用具，询问护理员翻身间隔。 / Check turning records and pressure-relief aids; ask caregivers how often they turn residents.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "pressure_sores",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-PS-02",
    "section": "service_protection",
    "text": "保持老年人皮肤清洁干燥和床单位平整，定期检查受压部位皮肤，发现压疮及时处理并记录。",
    "text_en": "Elders' skin is kept clean and dry and bedding smooth; pressure points are checked regularly, and any sore is treated promptly and recorded.",
    "guidance": "抽查卧床老年人皮肤状况和皮肤观察记录。 / Check bedridden elders' skin and skin-check records.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "pressure_sores",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-BU-01",
    "section": "service_protection",
    "text": "控制洗浴、饮用热水温度，洗浴前先调试水温。",
    "text_en": "Bathing and drinking water temperatures are controlled, and bath water is tested before use.",
    "guidance": "查看洗浴设施的恒温或防烫装置，现场测试水温，询问操作方法。无热水洗浴设施的可判不适用。 / Check thermostatic or anti-scald devices, test the water temperature and ask how bathing is done; N/A if there is no hot-water bathing facility.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": true,
    "risk": "burns",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-BU-02",
    "section": "service_protection",
    "text": "慎用热水袋、电热毯、取暖器等取暖用品，使用时采取防烫措施并加强观察。",
    "text_en": "Hot-water bottles, electric blankets, heaters and similar are used with care, with anti-scald precautions and closer watching.",
    "guidance": "查看房间取暖用品使用情况和相关告知、记录。 / Check heating items in rooms and the related notices and records.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "burns",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-BU-03",
    "section": "service_protection",
    "text": "热水、热食、开水器等放置在安全位置，由工作人员协助取用，防止烫伤。",
    "text_en": "Hot water, hot food and water boilers are kept in safe places, and staff help elders use them, so as to prevent scalds.",
    "guidance": "查看开水间、餐食分发和房间热水瓶放置。 / Check the boiler room, food serving and where flasks are kept in rooms.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "burns",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-BF-01",
    "section": "service_protection",
    "text": "对有坠床风险的老年人使用床栏等防护用具，床高适宜、床闸锁定。",
    "text_en": "Elders at risk of falling from bed have bed rails or other protective aids, with the bed at a suitable height and its brakes locked.",
    "guidance": "抽查高风险老年人床位的床栏、床闸和床高。 / Check bed rails, brakes and height at high-risk residents' beds.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "bed_falls",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-BF-02",
    "section": "service_protection",
    "text": "加强对坠床高风险老年人的巡视，必要时采取保护性措施并告知家属签字。",
    "text_en": "High-risk elders are checked more often; protective measures are taken where needed, with the family informed and signing.",
    "guidance": "查阅巡视记录和保护性措施的告知书。 / Review round records and consent forms for protective measures.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "bed_falls",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-FA-01",
    "section": "service_protection",
    "text": "地面防滑、无障碍，走廊、卫生间、浴室等处设扶手，照明充足。",
    "text_en": "Floors are non-slip and step-free; corridors, toilets and bathrooms have handrails and good lighting.",
    "guidance": "现场查看地面、扶手、夜间照明和卫浴间防滑措施。 / Check floors, handrails, night lighting and bathroom anti-slip measures on site.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "falls",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-FA-02",
    "section": "service_protection",
    "text": "对有跌倒风险的老年人作出标识，提供助行器具，在如厕、洗浴、行走时给予协助或陪护。",
    "text_en": "Elders at risk of falls are marked, given walking aids, and helped or accompanied when toileting, bathing and walking.",
    "guidance": "抽查高风险老年人的标识、助行器具和协助记录。 / Sample high-risk residents' markers, walking aids and assistance records.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "falls",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-FA-03",
    "section": "service_protection",
    "text": "地面湿滑时及时清理并设置警示标志；老年人跌倒后及时处置、报告并记录。",
    "text_en": "Wet floors are cleaned promptly and warning signs placed; after a fall the elder is treated, and the fall is reported and recorded.",
    "guidance": "查看清洁作业时的警示标志和跌倒事件记录及处置情况。 / Check warning signs during cleaning and the fall-incident records and follow-up.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": "falls",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-IS-01",
    "section": "service_protection",
    "text": "刀具、剪刀、绳索、药品等危险物品妥善管理，防止老年人伤人或自伤。",
    "text_en": "Knives, scissors, cords, drugs and other dangerous items are controlled, so that elders cannot harm others or themselves.",
    "guidance": "查看危险物品保管情况，抽查高风险老年人房间。 / Check custody of dangerous items and spot-check high-risk residents' rooms.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "injury_self_harm",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-IS-02",
    "section": "service_protection",
    "text": "观察老年人情绪和行为变化，对有他伤或自伤倾向的老年人重点看护，及时干预并通知监护人。",
    "text_en": "Staff watch for changes in elders' mood and behaviour; those inclined to harm others or themselves are closely supervised, with prompt intervention and the guardian notified.",
    "guidance": "查阅重点老年人看护记录和干预记录，询问护理员识别方法。 / Review supervision and intervention records for such elders; ask caregivers how they spot warning signs.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "injury_self_harm",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-IS-03",
    "section": "service_protection",
    "text": "门窗、阳台等处采取限位、防护措施，防止高处坠落。",
    "text_en": "Windows, balconies and similar openings have opening limiters or guards to prevent falls from height.",
    "guidance": "现场查看窗户限位器、阳台护栏。 / Check window restrictors and balcony guards on site.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "injury_self_harm",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WA-01",
    "section": "service_protection",
    "text": "对有走失风险的老年人作出标识，佩戴有联系信息的卡片或定位设备。",
    "text_en": "Elders at risk of wandering off are marked and wear a card with contact details or a locating device.",
    "guidance": "抽查高风险老年人的标识和定位设备。 / Check high-risk residents' identification and locating devices.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "wandering",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WA-02",
    "section": "service_protection",
    "text": "建立出入管理制度，门卫对老年人外出进行登记，有走失风险的老年人外出须有人陪同。",
    "text_en": "An entry and exit system is in place: the gate logs residents going out, and elders at risk of wandering go out only when accompanied.",
    "guidance": "查看门卫登记、门禁和出入口监控。 / Check the gate log, access control and CCTV at the entrances.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "wandering",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-WA-03",
    "section": "service_protection",
    "text": "发现老年人走失立即组织查找，及时通知家属并报警。",
    "text_en": "When an elder goes missing, a search starts at once and the family and police are told promptly.",
    "guidance": "查阅走失应急预案和既往走失事件的处置记录。 / Review the wandering emergency plan and records of past incidents.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": "wandering",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-RA-01",
    "section": "service_protection",
    "text": "根据老年人身体状况选择适宜的文娱活动项目，活动前检查场地、器材安全。",
    "text_en": "Recreational activities are chosen to suit elders' physical condition, and venues and equipment are checked for safety beforehand.",
    "guidance": "查看活动计划、场地和器材检查记录。不开展文娱活动的可判不适用。 / Check activity plans and venue and equipment check records; N/A if no recreational activities are held.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": true,
    "risk": "recreation_accidents",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "SP-RA-02",
    "section": "service_protection",
    "text": "文娱活动有工作人员全程组织看护，外出活动有安全预案并有人陪同。",
    "text_en": "Staff organise and supervise recreational activities throughout; outings have a safety plan and escorts.",
    "guidance": "查阅活动记录和外出活动预案，询问组织人员。 / Review activity records and outing plans, and interview the organisers.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": true,
    "risk": "recreation_accidents",
    "hazard_category": null,
    "fire_related": false
  },
  {
    "code": "MR-01",
    "section": "management",
    "text": "建立安全责任制，明确主要负责人为安全第一责任人，落实各岗位安全职责。",
    "text_en": "A safety responsibility system is in place: the principal is the person primarily responsible for safety, and every post has defined safety duties.",
    "guidance": "查阅安全责任文件、岗位职责和责任书签订情况。 / Review the safety-responsibility documents, job duties and signed responsibility letters.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "MR-02",
    "section": "management",
    "text": "制定突发事件应急预案，涵盖火灾、噎食、走失、跌倒、食物中毒、传染病、自然灾害等情形。",
    "text_en": "Emergency plans cover fire, choking, wandering, falls, food poisoning, communicable disease, natural disasters and other emergencies.",
    "guidance": "查阅应急预案文本，核对其覆盖的情形和可操作性。 / Review the emergency plans for coverage and practicality.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": true
  },
  {
    "code": "MR-03",
    "section": "management",
    "text": "定期组织应急演练（每年不少于两次），其中包括消防疏散演练，并做好记录和评估。",
    "text_en": "Emergency drills are held regularly (at least twice a year), including a fire evacuation drill, and are recorded and reviewed.",
    "guidance": "查阅演练方案、照片和记录；抽问员工疏散职责和灭火器使用。 / Review drill plans, photos and records; quiz staff on their evacuation roles and extinguisher use.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": true
  },
  {
    "code": "MR-04",
    "section": "management",
    "text": "实行24小时值班制度，夜间按规定配备值班人员。",
    "text_en": "A 24-hour duty system is in place, with the required night staff on duty.",
    "guidance": "查阅值班表和值班记录，夜间抽查在岗情况。 / Review duty rosters and logs; make an unannounced night check.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "MR-05",
    "section": "management",
    "text": "在出入口、公共区域等重点部位安装视频监控并保持正常运行，监控录像按规定保存。",
    "text_en": "CCTV covers entrances, common areas and other key locations, is kept working, and footage is retained as required.",
    "guidance": "查看监控室和摄像头覆盖，回放抽查录像保存期限。 / Inspect the control room and camera coverage; play back footage to check the retention period.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "MR-06",
    "section": "management",
    "text": "建立老年人服务档案和安全管理台账；档案在服务协议终止后至少保存5年。",
    "text_en": "Residents' service files and safety-management logs are kept, and files are retained for at least 5 years after the service contract ends.",
    "guidance": "抽查在住和已退住老年人的档案是否完整、保存期限是否满足。 / Sample files of current and former residents for completeness and retention period.",
    "mandatory": false,
    "weight": 1,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": false
  },
  {
    "code": "MR-07",
    "section": "management",
    "text": "发生安全事故时立即处置，及时通知家属并按规定向有关部门报告，记录事故经过和处理结果。",
    "text_en": "Safety incidents are dealt with at once, families are told, incidents are reported to the authorities as required, and the incident and its handling are recorded.",
    "guidance": "查阅事故登记和报告记录，核对与上报信息是否一致。 / Review incident logs and report records against what was reported to the authorities.",
    "mandatory": true,
    "weight": 3,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": false
  },
  {
    "code": "MR-08",
    "section": "management",
    "text": "定期对工作人员开展安全教育培训（含消防安全知识和技能），做好培训记录。",
    "text_en": "Staff receive regular safety education and training, including fire-safety knowledge and skills, with training recorded.",
    "guidance": "查阅培训计划和签到记录，抽问员工“四懂四会”等消防知识。 / Review training plans and attendance sheets; quiz staff on basic fire-safety knowledge.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "general",
    "fire_related": true
  },
  {
    "code": "MR-09",
    "section": "management",
    "text": "定期开展安全检查和隐患排查，发现的隐患登记、限期整改并复查销号。",
    "text_en": "Safety inspections and hazard checks are held regularly; hazards found are logged, fixed within a deadline, and closed after re-inspection.",
    "guidance": "查阅隐患排查台账和整改复查记录，现场核实整改情况。 / Review the hazard log and re-inspection records; verify the fixes on site.",
    "mandatory": true,
    "weight": 2,
    "allows_not_applicable": false,
    "risk": null,
    "hazard_category": "daily_management",
    "fire_related": true
  }
]$items$::jsonb
);
