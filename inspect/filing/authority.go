package filing

import "cctvgis/planner/devicecode"

// authority is a registration authority (登记管理部门) of GB 32100-2015 Table 1 and the
// unit types (机构类别) it registers, keyed by their code character.
type authority struct {
	name  devicecode.Label
	types map[byte]devicecode.Label
}

var other = devicecode.Label{Zh: "其他", En: "other"}

// authorities is GB 32100-2015 Table 1.
var authorities = map[byte]authority{
	'1': {devicecode.Label{Zh: "机构编制", En: "institutional establishment"}, map[byte]devicecode.Label{
		'1': {Zh: "机关", En: "government organ"},
		'2': {Zh: "事业单位", En: "public institution"},
		'3': {Zh: "中央编办直接管理机构编制的群众团体", En: "mass organisation staffed by the central establishment office"},
		'9': other,
	}},
	'2': {devicecode.Label{Zh: "外交", En: "foreign affairs"}, map[byte]devicecode.Label{
		'1': {Zh: "外国常驻新闻机构", En: "resident foreign news agency"},
		'9': other,
	}},
	'3': {devicecode.Label{Zh: "司法行政", En: "judicial administration"}, map[byte]devicecode.Label{
		'1': {Zh: "律师执业机构", En: "law firm"},
		'2': {Zh: "公证处", En: "notary office"},
		'3': {Zh: "基层法律服务所", En: "grassroots legal service office"},
		'4': {Zh: "司法鉴定机构", En: "forensic appraisal institution"},
		'5': {Zh: "仲裁委员会", En: "arbitration commission"},
		'9': other,
	}},
	'4': {devicecode.Label{Zh: "文化", En: "culture"}, map[byte]devicecode.Label{
		'1': {Zh: "外国在华文化中心", En: "foreign cultural centre in China"},
		'9': other,
	}},
	'5': {devicecode.Label{Zh: "民政", En: "civil affairs"}, map[byte]devicecode.Label{
		'1': {Zh: "社会团体", En: "social organisation"},
		'2': {Zh: "民办非企业单位", En: "private non-enterprise unit"},
		'3': {Zh: "基金会", En: "foundation"},
		'9': other,
	}},
	'6': {devicecode.Label{Zh: "旅游", En: "tourism"}, map[byte]devicecode.Label{
		'1': {Zh: "外国旅游部门常驻代表机构", En: "resident office of a foreign tourism authority"},
		'2': {Zh: "港澳台地区旅游部门常驻内地（大陆）代表机构", En: "resident office of a Hong Kong, Macao or Taiwan tourism authority"},
		'9': other,
	}},
	'7': {devicecode.Label{Zh: "宗教", En: "religious affairs"}, map[byte]devicecode.Label{
		'1': {Zh: "宗教活动场所", En: "place of religious activity"},
		'2': {Zh: "宗教院校", En: "religious college"},
		'9': other,
	}},
	'8': {devicecode.Label{Zh: "工会", En: "trade union"}, map[byte]devicecode.Label{
		'1': {Zh: "基层工会", En: "grassroots trade union"},
		'9': other,
	}},
	'9': {devicecode.Label{Zh: "工商", En: "market regulation"}, map[byte]devicecode.Label{
		'1': {Zh: "企业", En: "enterprise"},
		'2': {Zh: "个体工商户", En: "individual business"},
		'3': {Zh: "农民专业合作社", En: "farmers' cooperative"},
	}},
	'A': {devicecode.Label{Zh: "中央军委改革和编制办公室", En: "Central Military Commission reform and establishment office"}, map[byte]devicecode.Label{
		'1': {Zh: "军队事业单位", En: "military public institution"},
		'9': other,
	}},
	'N': {devicecode.Label{Zh: "农业", En: "agriculture"}, map[byte]devicecode.Label{
		'1': {Zh: "组级集体经济组织", En: "group-level collective economic organisation"},
		'2': {Zh: "村级集体经济组织", En: "village-level collective economic organisation"},
		'3': {Zh: "乡镇级集体经济组织", En: "township-level collective economic organisation"},
		'9': other,
	}},
	'Y': {devicecode.Label{Zh: "其他", En: "other"}, map[byte]devicecode.Label{
		'1': other,
	}},
}
