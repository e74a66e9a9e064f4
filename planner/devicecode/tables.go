package devicecode

// The values of the industry, type and network parts, from GB/T 28181-2022 Appendix E
// (Table E.1, coding rule A, and Table E.3, industry codes) and, where the 2022 edition
// changed a value's meaning, from the 2016 edition's tables of the same numbers. The
// standards are not freely published; the values were read from the transcriptions in
// open-source GB/T 28181 servers and checked against each other: the 2022 tables in
// wvp-GB28181-pro (service/bean/DeviceTypeEnum.java, IndustryCodeTypeEnum.java,
// NetworkIdentificationTypeEnum.java), the 2016 tables in the GbIdConstant enums of a
// Spring Boot video starter and in a C header of GB28181 enums (GB28181_industry_type_e,
// GB28181_device_type_a, GB28181_net_type_e), and a SQL table of the 2022 values
// (gb_industry_codes with the full 40–59 range, gb_device_types, gb_network_codes).

// Label is a value's name in Chinese and English.
type Label struct {
	Zh string
	En string
}

var reserved = Label{Zh: "预留", En: "reserved"}

// typeRange is one range of Table E.1's type codes: the class of devices or users it holds
// and the name of the values the standard leaves to extension.
type typeRange struct {
	from, to  int
	class     Label
	extension Label
}

// typeRanges are the classes of Table E.1, in order; types below 111 belong to none.
var typeRanges = []typeRange{
	{111, 130, Label{"前端主设备", "front-end main device"}, Label{"扩展的前端主设备类型", "front-end main device (extension)"}},
	{131, 199, Label{"前端外围设备", "front-end peripheral device"}, Label{"扩展的前端外围设备类型", "front-end peripheral device (extension)"}},
	{200, 299, Label{"平台设备", "platform device"}, Label{"扩展的平台设备类型", "platform device (extension)"}},
	{300, 399, Label{"中心用户", "centre user"}, Label{"扩展的中心用户类型", "centre user (extension)"}},
	{400, 499, Label{"终端用户", "terminal user"}, Label{"扩展的终端用户类型", "terminal user (extension)"}},
	{500, 599, Label{"平台外接服务器", "platform external server"}, Label{"扩展的平台外接服务器类型", "platform external server (extension)"}},
	{600, 999, Label{"扩展类型", "extension"}, Label{"扩展类型", "extension type"}},
}

// Type codes the code's readers ask for by name.
const (
	TypeCamera   = 131
	TypeIPCamera = 132
)

// typeNames are the types Table E.1 (2022) names; the 2016 edition named the same values
// except 119 (an extension there, reserved in 2022) and 120–125, 140–143, 502, 503 and 505
// (extensions there, named in 2022), and called 500 and 501 signalling servers of those
// platforms.
var typeNames = map[int]Label{
	111:          {"DVR", "digital video recorder (DVR)"},
	112:          {"视频服务器", "video server"},
	113:          {"编码器", "encoder"},
	114:          {"解码器", "decoder"},
	115:          {"视频切换矩阵", "video switching matrix"},
	116:          {"音频切换矩阵", "audio switching matrix"},
	117:          {"报警控制器", "alarm controller"},
	118:          {"网络视频录像机（NVR）", "network video recorder (NVR)"},
	119:          reserved,
	120:          {"在线视频图像信息采集系统", "online video image collection system"},
	121:          {"视频卡口", "video checkpoint"},
	122:          {"多目设备", "multi-lens device"},
	123:          {"停车场出入口控制设备", "car park entrance and exit control device"},
	124:          {"人员出入口控制设备", "pedestrian entrance and exit control device"},
	125:          {"安检设备", "security screening device"},
	130:          {"混合硬盘录像机（HVR）", "hybrid video recorder (HVR)"},
	TypeCamera:   {"摄像机", "camera"},
	TypeIPCamera: {"网络摄像机（IPC）/在线视频图像信息采集设备", "IP camera (IPC) / online video image collection device"},
	133:          {"显示器", "display"},
	134:          {"报警输入设备（如红外、烟感、门禁等报警设备）", "alarm input device (infrared, smoke, door access and other alarm devices)"},
	135:          {"报警输出设备（如警灯、警铃等设备）", "alarm output device (warning lights, bells and the like)"},
	136:          {"语音输入设备", "voice input device"},
	137:          {"语音输出设备", "voice output device"},
	138:          {"移动传输设备", "mobile transmission device"},
	139:          {"其他外围设备", "other peripheral device"},
	140:          {"报警输出设备（如继电器或触发器控制的设备）", "alarm output device (controlled by a relay or trigger)"},
	141:          {"道闸（控制车辆通行）", "barrier gate (vehicle passage)"},
	142:          {"智能门（控制人员通行）", "smart door (pedestrian passage)"},
	143:          {"凭证识别单元", "credential reader"},
	200:          {"中心信令控制服务器", "central signalling control server"},
	201:          {"Web应用服务器", "web application server"},
	202:          {"媒体分发服务器", "media distribution server"},
	203:          {"代理服务器", "proxy server"},
	204:          {"安全服务器", "security server"},
	205:          {"报警服务器", "alarm server"},
	206:          {"数据库服务器", "database server"},
	207:          {"GIS服务器", "GIS server"},
	208:          {"管理服务器", "management server"},
	209:          {"接入网关", "access gateway"},
	210:          {"媒体存储服务器", "media storage server"},
	211:          {"信令安全路由网关", "signalling security routing gateway"},
	215:          {"业务分组", "business group"},
	216:          {"虚拟组织", "virtual organisation"},
	300:          {"中心用户", "centre user"},
	400:          {"终端用户", "terminal user"},
	500:          {"视频图像信息综合应用平台", "video image information application platform"},
	501:          {"视频图像信息运维管理平台", "video image information operation and maintenance platform"},
	502:          {"视频图像分析系统", "video image analysis system"},
	503:          {"视频图像信息数据库", "video image information database"},
	505:          {"视频图像分析设备", "video image analysis device"},
}

// roleUsers are the ranges of centre and terminal user types Table E.1 gives to industry
// roles (行业角色用户).
var roleUsers = [][2]int{{301, 343}, {401, 443}}

var roleUser = Label{"行业角色用户", "industry role user"}

// industryGroup is one range of Table E.3: who the devices of its industries belong to.
type industryGroup struct {
	from, to int
	group    Label
}

var industryGroups = []industryGroup{
	{0, 39, Label{"政府机关", "government bodies"}},
	{40, 79, Label{"企业/事业单位", "enterprises and public institutions"}},
	{80, 89, Label{"居民自建", "built by residents"}},
	{90, 99, Label{"其他主体", "other parties"}},
}

// industriesBoth are the industries both editions name alike.
var industriesBoth = map[int]Label{
	0:  {"社会治安路面接入", "public order: roads and public areas"},
	1:  {"社会治安社区接入", "public order: communities and buildings"},
	2:  {"社会治安内部接入", "public order: police premises"},
	3:  {"社会治安其他接入", "public order: other"},
	4:  {"交通路面接入", "traffic: roads"},
	5:  {"交通卡口接入", "traffic: checkpoints"},
	6:  {"交通内部接入", "traffic: traffic police premises"},
	7:  {"交通其他接入", "traffic: other"},
	8:  {"城市管理接入", "city management"},
	9:  {"卫生环保接入", "health and environmental protection"},
	10: {"商检海关接入", "commodity inspection and customs"},
	11: {"教育部门接入", "education authorities"},
}

// industries2022 are the industries only the 2022 edition names; its 40–59 follow the
// sections of the national industry classification (GB/T 4754).
var industries2022 = map[int]Label{
	12: {"民航接入", "civil aviation"},
	13: {"铁路接入", "railways"},
	14: {"航运接入", "shipping"},
	40: {"农、林、牧、渔业接入", "agriculture, forestry, animal husbandry and fishery"},
	41: {"采矿业接入", "mining"},
	42: {"制造业接入", "manufacturing"},
	43: {"电力、热力、燃气及水生产和供应业接入", "electricity, heat, gas and water production and supply"},
	44: {"建筑业接入", "construction"},
	45: {"批发和零售业接入", "wholesale and retail"},
	46: {"交通运输、仓储和邮政业接入", "transport, storage and post"},
	47: {"住宿和餐饮业接入", "accommodation and catering"},
	48: {"信息传输、软件和信息技术服务业接入", "information transmission, software and IT services"},
	49: {"金融业接入", "finance"},
	50: {"房地产业接入", "real estate"},
	51: {"租赁和商务服务业接入", "leasing and business services"},
	52: {"科学研究和技术服务业接入", "scientific research and technical services"},
	53: {"水利、环境和公共设施管理业接入", "water conservancy, environment and public facilities management"},
	54: {"居民服务、修理和其他服务业接入", "resident services, repair and other services"},
	55: {"教育接入", "education"},
	56: {"卫生和社会工作接入", "health and social work"},
	57: {"文化、体育和娱乐业接入", "culture, sports and entertainment"},
	58: {"公共管理、社会保障和社会组织接入", "public administration, social security and social organisations"},
	59: {"国际组织", "international organisations"},
}

// industries2016 are the industries only the 2016 edition names.
var industries2016 = map[int]Label{
	40: {"农林牧渔业接入", "agriculture, forestry, animal husbandry and fishery"},
	41: {"采矿企业接入", "mining enterprises"},
	42: {"制造企业接入", "manufacturing enterprises"},
	43: {"冶金企业接入", "metallurgy enterprises"},
	44: {"电力企业接入", "power enterprises"},
	45: {"燃气企业接入", "gas enterprises"},
	46: {"建筑企业接入", "construction enterprises"},
	47: {"物流企业接入", "logistics enterprises"},
	48: {"邮政企业接入", "postal enterprises"},
	49: {"信息企业接入", "information enterprises"},
	50: {"住宿和餐饮业接入", "accommodation and catering"},
	51: {"金融企业接入", "financial enterprises"},
	52: {"房地产业接入", "real estate"},
	53: {"商务服务业接入", "business services"},
	54: {"水利企业接入", "water conservancy enterprises"},
	55: {"娱乐企业接入", "entertainment enterprises"},
}

// networks2022 are the network identifiers of the 2022 edition, by digit.
var networks2022 = [10]Label{
	{"公安视频传输网", "public-security video transmission network"},
	{"公安视频传输网", "public-security video transmission network"},
	{"行业专网", "industry private network"},
	{"政法信息网", "political and legal information network"},
	{"公安移动信息网", "public-security mobile information network"},
	{"公安信息网", "public-security information network"},
	{"电子政务外网", "e-government extranet"},
	{"互联网等公共网络", "the Internet and other public networks"},
	{"专线", "leased line"},
	reserved,
}

// networks2016 are the network identifiers of the 2016 edition, by digit.
var networks2016 = [10]Label{
	{"监控报警专网", "surveillance and alarm private network"},
	{"监控报警专网", "surveillance and alarm private network"},
	{"监控报警专网", "surveillance and alarm private network"},
	{"监控报警专网", "surveillance and alarm private network"},
	{"监控报警专网", "surveillance and alarm private network"},
	{"公安信息网", "public-security information network"},
	{"政务网", "government network"},
	{"Internet网", "the Internet"},
	{"社会资源接入网", "social resources access network"},
	reserved,
}
