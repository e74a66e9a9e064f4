package devicecode_test

import (
	"errors"
	"fmt"
	"testing"

	"cctvgis/internal/fault"
	"cctvgis/planner/devicecode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		division string
		district string
		typ      int
		typeEn   string
		camera   bool
		industry string
		network  string
		serial   string
	}{
		{
			name: "the standard's example: an IP camera of Wuhu's centre", in: "34020000001320000001",
			division: "安徽省 芜湖市", typ: 132, typeEn: "IP camera (IPC) / online video image collection device",
			camera: true, industry: "社会治安路面接入", network: "公安视频传输网", serial: "000001",
		},
		{
			name: "a camera of a Chaoyang police station on the public-security information network", in: "11010501011315000123",
			division: "北京市 朝阳区", district: "朝阳区", typ: 131, typeEn: "camera",
			camera: true, industry: "社会治安社区接入", network: "公安信息网", serial: "000123",
		},
		{
			name: "an NVR in West Lake district, Hangzhou", in: "33010600051180004217",
			division: "浙江省 杭州市 西湖区", district: "西湖区", typ: 118, typeEn: "network video recorder (NVR)",
			industry: "交通卡口接入", network: "公安视频传输网", serial: "004217",
		},
		{
			name: "a province's signalling server", in: "34000000002000000001",
			division: "安徽省", typ: 200, typeEn: "central signalling control server",
			industry: "社会治安路面接入", network: "公安视频传输网", serial: "000001",
		},
		{
			name: "a municipality's city part names the municipality", in: "50010000001320000009",
			division: "重庆市", typ: 132, typeEn: "IP camera (IPC) / online video image collection device",
			camera: true, industry: "社会治安路面接入", network: "公安视频传输网", serial: "000009",
		},
		{
			name: "a county a province administers directly", in: "42900400001310000001",
			division: "湖北省 仙桃市", district: "仙桃市", typ: 131, typeEn: "camera",
			camera: true, industry: "社会治安路面接入", network: "公安视频传输网", serial: "000001",
		},
		{
			name: "a county of Chongqing on the Internet", in: "50022900011377000001",
			division: "重庆市 城口县", district: "城口县", typ: 137, typeEn: "voice output device",
			industry: "社会治安社区接入", network: "互联网等公共网络", serial: "000001",
		},
		{
			name: "a business group", in: "34020000002150000001",
			division: "安徽省 芜湖市", typ: 215, typeEn: "business group",
			industry: "社会治安路面接入", network: "公安视频传输网", serial: "000001",
		},
		{
			name: "an extension type", in: "34020000006000000001",
			division: "安徽省 芜湖市", typ: 600, typeEn: "extension type",
			industry: "社会治安路面接入", network: "公安视频传输网", serial: "000001",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := devicecode.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if c.String() != tt.in {
				t.Errorf("String() = %q", c.String())
			}
			if got := c.Division().String(); got != tt.division {
				t.Errorf("Division() = %q, want %q", got, tt.division)
			}
			if got := c.District(); got != tt.district {
				t.Errorf("District() = %q, want %q", got, tt.district)
			}
			if got := c.Type(); got.Number != tt.typ || got.En != tt.typeEn {
				t.Errorf("Type() = %d %q, want %d %q", got.Number, got.En, tt.typ, tt.typeEn)
			}
			if got := c.IsCamera(); got != tt.camera {
				t.Errorf("IsCamera() = %v, want %v", got, tt.camera)
			}
			if got := c.Industry().Zh; got != tt.industry {
				t.Errorf("Industry() = %q, want %q", got, tt.industry)
			}
			if got := c.Network().Zh; got != tt.network {
				t.Errorf("Network() = %q, want %q", got, tt.network)
			}
			if got := c.Serial(); got != tt.serial {
				t.Errorf("Serial() = %q, want %q", got, tt.serial)
			}
			if got, want := c.Centre(), tt.in[:8]; got != want {
				t.Errorf("Centre() = %q, want %q", got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		part devicecode.Part
		en   string
		zh   string
	}{
		{
			name: "empty", in: "", part: devicecode.PartWhole,
			en: "a GB/T 28181 device code has 20 digits, not 0",
			zh: "GB/T 28181 设备编码应为 20 位数字，此编码为 0 位",
		},
		{
			name: "an 18-digit code of the older rule", in: "340200000113200001", part: devicecode.PartWhole,
			en: "a GB/T 28181 device code has 20 digits, not 18",
			zh: "GB/T 28181 设备编码应为 20 位数字，此编码为 18 位",
		},
		{
			name: "a trailing space is not trimmed", in: "34020000001320000001 ", part: devicecode.PartWhole,
			en: "a GB/T 28181 device code has 20 digits, not 21",
			zh: "GB/T 28181 设备编码应为 20 位数字，此编码为 21 位",
		},
		{
			name: "full-width digits", in: "３４020000001320000001", part: devicecode.PartProvince,
			en: `digits 1–2: province "３４" is not all digits`,
			zh: `第 1–2 位：省级代码 "３４" 含非数字字符`,
		},
		{
			name: "a letter in the grassroots unit", in: "340200O0001320000001", part: devicecode.PartUnit,
			en: `digits 7–8: grassroots unit "O0" is not all digits`,
			zh: `第 7–8 位：基层接入单位 "O0" 含非数字字符`,
		},
		{
			name: "a letter in the industry", in: "340200000a1320000001", part: devicecode.PartIndustry,
			en: `digits 9–10: industry "0a" is not all digits`,
			zh: `第 9–10 位：行业编码 "0a" 含非数字字符`,
		},
		{
			name: "a sign in the type", in: "3402000000-320000001", part: devicecode.PartType,
			en: `digits 11–13: type "-32" is not all digits`,
			zh: `第 11–13 位：类型编码 "-32" 含非数字字符`,
		},
		{
			name: "a letter as the network", in: "3402000000132X000001", part: devicecode.PartNetwork,
			en: `digit 14: network "X" is not all digits`,
			zh: `第 14 位：网络标识 "X" 含非数字字符`,
		},
		{
			name: "hex in the serial", in: "340200000013200000ff", part: devicecode.PartSerial,
			en: `digits 15–20: serial "0000ff" is not all digits`,
			zh: `第 15–20 位：序号 "0000ff" 含非数字字符`,
		},
		{
			name: "no such province", in: "99020000001320000001", part: devicecode.PartProvince,
			en: "digits 1–2: province 99 is not a GB/T 2260 division",
			zh: "第 1–2 位：省级代码 99 不是 GB/T 2260 行政区划代码",
		},
		{
			name: "no such city in the province", in: "34990000001320000001", part: devicecode.PartCity,
			en: "digits 3–4: city 99 is not a GB/T 2260 division of 安徽省",
			zh: "第 3–4 位：市级代码 99 不是 GB/T 2260 中安徽省的行政区划代码",
		},
		{
			name: "a district abolished in 2021", in: "33010400001320000001", part: devicecode.PartCounty,
			en: "digits 5–6: district 04 is not a GB/T 2260 division of 杭州市",
			zh: "第 5–6 位：县级代码 04 不是 GB/T 2260 中杭州市的行政区划代码",
		},
		{
			name: "a development zone's statistical code", in: "13017100001320000001", part: devicecode.PartCounty,
			en: "digits 5–6: district 71 is not a GB/T 2260 division of 石家庄市",
			zh: "第 5–6 位：县级代码 71 不是 GB/T 2260 中石家庄市的行政区划代码",
		},
		{
			name: "a municipality's district not in the table", in: "11019900001320000001", part: devicecode.PartCounty,
			en: "digits 5–6: district 99 is not a GB/T 2260 division of 北京市",
			zh: "第 5–6 位：县级代码 99 不是 GB/T 2260 中北京市的行政区划代码",
		},
		{
			name: "a district without its city", in: "34000500001320000001", part: devicecode.PartCounty,
			en: "digits 5–6: district 05 is given without its city (digits 3–4 are 00)",
			zh: "第 5–6 位：县级代码 05 须有所属市级代码（第 3–4 位为 00）",
		},
		{
			name: "a type below every range", in: "34020000000990000001", part: devicecode.PartType,
			en: "digits 11–13: type 099 is not a GB/T 28181 device type (111–999)",
			zh: "第 11–13 位：类型编码 099 不是 GB/T 28181 设备类型（111–999）",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := devicecode.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, c)
			}
			if !c.IsZero() {
				t.Errorf("Parse(%q) returned %q with its error", tt.in, c)
			}
			var e *devicecode.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *devicecode.Error", err)
			}
			if !errors.Is(err, devicecode.ErrInvalid) || !errors.Is(err, fault.Invalid) {
				t.Errorf("error %v does not match ErrInvalid and fault.Invalid", err)
			}
			if e.Part != tt.part || e.Input != tt.in {
				t.Errorf("Part, Input = %v, %q, want %v, %q", e.Part, e.Input, tt.part, tt.in)
			}
			if got := err.Error(); got != tt.en {
				t.Errorf("Error() = %q\nwant      %q", got, tt.en)
			}
			if got := e.Message(); got.Zh != tt.zh || got.En != tt.en {
				t.Errorf("Message() = %q\nwant        %q", got.Zh, tt.zh)
			}
		})
	}
}

func TestType(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		zh    string
		class string
		named bool
	}{
		{name: "DVR", in: "34020000001110000001", zh: "DVR", class: "前端主设备", named: true},
		{name: "alarm controller", in: "34020000001170000001", zh: "报警控制器", class: "前端主设备", named: true},
		{name: "value 2022 reserved", in: "34020000001190000001", zh: "预留", class: "前端主设备", named: true},
		{name: "video checkpoint, new in 2022", in: "34020000001210000001", zh: "视频卡口", class: "前端主设备", named: true},
		{name: "camera", in: "34020000001310000001", zh: "摄像机", class: "前端外围设备", named: true},
		{name: "peripheral extension", in: "34020000001500000001", zh: "扩展的前端外围设备类型", class: "前端外围设备"},
		{name: "virtual organisation", in: "34020000002160000001", zh: "虚拟组织", class: "平台设备", named: true},
		{name: "platform extension", in: "34020000002130000001", zh: "扩展的平台设备类型", class: "平台设备"},
		{name: "industry role user", in: "34020000003200000001", zh: "行业角色用户", class: "中心用户", named: true},
		{name: "terminal user", in: "34020000004000000001", zh: "终端用户", class: "终端用户", named: true},
		{name: "terminal user extension", in: "34020000004500000001", zh: "扩展的终端用户类型", class: "终端用户"},
		{name: "video image analysis system", in: "34020000005020000001", zh: "视频图像分析系统", class: "平台外接服务器", named: true},
		{name: "last extension", in: "34020000009990000001", zh: "扩展类型", class: "扩展类型"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := devicecode.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Type()
			if got.Zh != tt.zh || got.Class.Zh != tt.class || got.Named != tt.named {
				t.Errorf("Type() = %q in %q named %v, want %q in %q named %v", got.Zh, got.Class.Zh, got.Named, tt.zh, tt.class, tt.named)
			}
			if got.En == "" || got.Class.En == "" {
				t.Errorf("Type() %q has no English name", got.Zh)
			}
		})
	}
}

func TestIndustryAndNetwork(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		industry   string
		industry16 string
		group      string
		network    string
		network16  string
	}{
		{name: "an industry both editions name alike", in: "34020000111320000001", industry: "教育部门接入", group: "政府机关", network: "公安视频传输网", network16: "监控报警专网"},
		{name: "an industry named in 2022, reserved in 2016", in: "34020000121325000001", industry: "民航接入", industry16: "预留", group: "政府机关", network: "公安信息网"},
		{name: "an industry renumbered in 2022", in: "34020000431326000001", industry: "电力、热力、燃气及水生产和供应业接入", industry16: "冶金企业接入", group: "企业/事业单位", network: "电子政务外网", network16: "政务网"},
		{name: "a reserved government industry", in: "34020000301328000001", industry: "预留", group: "政府机关", network: "专线", network16: "社会资源接入网"},
		{name: "built by residents", in: "34020000851329000001", industry: "预留", group: "居民自建", network: "预留"},
		{name: "other parties", in: "34020000991323000001", industry: "预留", group: "其他主体", network: "政法信息网", network16: "监控报警专网"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := devicecode.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			ind := c.Industry()
			if ind.Zh != tt.industry || ind.Label2016.Zh != tt.industry16 || ind.Group.Zh != tt.group || ind.En == "" || ind.Group.En == "" {
				t.Errorf("Industry() = %+v, want %q (2016 %q) of %q", ind, tt.industry, tt.industry16, tt.group)
			}
			nw := c.Network()
			if nw.Zh != tt.network || nw.Label2016.Zh != tt.network16 || nw.En == "" {
				t.Errorf("Network() = %+v, want %q (2016 %q)", nw, tt.network, tt.network16)
			}
		})
	}
}

func TestZeroCode(t *testing.T) {
	var c devicecode.Code
	if !c.IsZero() || c.String() != "" || c.District() != "" || c.Division() != nil || c.IsCamera() ||
		c.Type().Number != 0 || c.Industry().Zh != "" || c.Network().Zh != "" || c.Centre() != "" || c.Serial() != "" {
		t.Errorf("the zero Code is not empty: %q %q %+v", c, c.District(), c.Type())
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"34020000001320000001", "11010501011315000123", "42900400001310000001", "34000000002000000001",
		"34020000009990000001", "", "340200000113200001", "３４020000001320000001", "99020000001320000001",
		"34000500001320000001", "34020000000990000001", "\xff\xfe020000001320000001",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := devicecode.Parse(s)
		if err != nil {
			var e *devicecode.Error
			if !errors.As(err, &e) || !errors.Is(err, devicecode.ErrInvalid) {
				t.Fatalf("Parse(%q): %v is not an *Error matching ErrInvalid", s, err)
			}
			if m := e.Message(); m.Zh == "" || m.En == "" {
				t.Fatalf("Parse(%q): an empty message %+v", s, m)
			}
			if !c.IsZero() {
				t.Fatalf("Parse(%q) returned %q with its error", s, c)
			}
			return
		}
		if c.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, c)
		}
		again, err := devicecode.Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("Parse(%q) again = %q, %v", s, again, err)
		}
		if n := c.Type().Number; n < 111 || n > 999 || c.Type().Zh == "" || c.Type().Class.Zh == "" {
			t.Fatalf("Parse(%q): type %+v", s, c.Type())
		}
		if len(c.Division()) == 0 || c.Industry().Group.Zh == "" || c.Network().Zh == "" {
			t.Fatalf("Parse(%q): division %v, industry %+v, network %+v", s, c.Division(), c.Industry(), c.Network())
		}
	})
}

func ExampleParse() {
	c, err := devicecode.Parse("11010501011315000123")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Division(), "|", c.District(), "|", c.Type().Zh, c.Type().En, c.IsCamera())
	_, err = devicecode.Parse("11010501010995000123")
	fmt.Println(err)
	// Output:
	// 北京市 朝阳区 | 朝阳区 | 摄像机 camera true
	// digits 11–13: type 099 is not a GB/T 28181 device type (111–999)
}
