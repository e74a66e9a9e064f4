package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cctvgis/data/osm"
)

// testNow is the clock of the tests' env, so that "today" is the same on every run.
var testNow = time.Date(2026, 3, 15, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// cli runs the command line as main does, in an env with no environment variables and
// the clock at testNow, and returns its exit code and output.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return cliIn(t, context.Background(), testEnv{}, args...)
}

// testEnv is what a test sets of a command's env; zero fields take cli's.
type testEnv struct {
	vars map[string]string
	now  time.Time
	// stdin is the command's standard input.
	stdin string
}

// cliIn is cli with the context and env given.
func cliIn(t *testing.T, ctx context.Context, te testEnv, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if te.now.IsZero() {
		te.now = testNow
	}
	e := &env{in: strings.NewReader(te.stdin), out: &out, errOut: &errOut, getenv: func(k string) string { return te.vars[k] }, now: func() time.Time { return te.now }}
	code = run(ctx, e, args)
	return code, out.String(), errOut.String()
}

func TestClockGivesToday(t *testing.T) {
	cases := []struct {
		name string
		now  time.Time
		want string
	}{
		{"morning in Beijing", testNow, "2026-03-15"},
		{"late in Beijing", time.Date(2014, 1, 1, 23, 59, 0, 0, time.FixedZone("CST", 8*3600)), "2014-01-01"},
		{"just after midnight UTC", time.Date(2030, 7, 1, 0, 1, 0, 0, time.UTC), "2030-07-01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			exit, out, errOut := cliIn(t, context.Background(), testEnv{now: tc.now}, "rules", "list", "--json")
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			var list []struct {
				On string `json:"on"`
			}
			if err := json.Unmarshal([]byte(out), &list); err != nil {
				t.Fatal(err)
			}
			for _, r := range list {
				if r.On != tc.want {
					t.Errorf("on = %s, want the clock's day %s", r.On, tc.want)
				}
			}
		})
	}
}

func TestRulesShowJSONContract(t *testing.T) {
	for _, code := range []string{"nanchang", "liaoning", "yangzhou", "zhuzhou", "weihai", "national"} {
		t.Run(code, func(t *testing.T) {
			exit, out, errOut := cli(t, "rules", "show", code, "--json", "--on", "2025-06-01")
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			var doc map[string]any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			for _, key := range []string{"code", "name_zh", "document_no", "effective_from", "expires_on", "in_force",
				"mandatory_categories", "prohibited_spaces", "government_only_zones", "signage", "retention",
				"demolition_notice_days", "filing", "approval_stages", "penalties", "superseded_penalties",
				"privacy_check", "operator_built", "installation", "placement", "acceptance", "duties", "exemptions"} {
				if _, ok := doc[key]; !ok {
					t.Errorf("JSON lacks %q", key)
				}
			}
			if doc["code"] != code {
				t.Errorf("code = %v", doc["code"])
			}
			for _, list := range []string{"mandatory_categories", "prohibited_spaces", "government_only_zones", "retention", "filing",
				"penalties", "superseded_penalties", "operator_built", "installation", "duties", "exemptions"} {
				items, _ := doc[list].([]any)
				for i, it := range items {
					m := it.(map[string]any)
					if m["article"] == "" || m["source"] == "" {
						t.Errorf("%s[%d] has no article or source: %v", list, i, m)
					}
				}
			}
		})
	}
}

func TestRulesShowWeihaiExpiry(t *testing.T) {
	tests := []struct {
		name, on    string
		inForce     bool
		wantWarning bool
	}{
		{"in force under the 2019 extension", "2024-11-30", true, false},
		{"expired the next day", "2024-12-01", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			exit, out, errOut := cli(t, "rules", "show", "weihai", "--on", tc.on, "--json")
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			var doc struct {
				InForce   bool   `json:"in_force"`
				ExpiresOn string `json:"expires_on"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.InForce != tc.inForce || doc.ExpiresOn != "2024-11-30" {
				t.Errorf("in_force %v expires %s", doc.InForce, doc.ExpiresOn)
			}
			if got := strings.Contains(errOut, "warning: weihai"); got != tc.wantWarning {
				t.Errorf("warning printed = %v, want %v (stderr %q)", got, tc.wantWarning, errOut)
			}
		})
	}
}

func TestRulesBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown code", []string{"rules", "show", "atlantis"}, `"atlantis"`},
		{"malformed date", []string{"rules", "show", "nanchang", "--on", "2024/01/01"}, "YYYY-MM-DD"},
		{"impossible date", []string{"rules", "show", "nanchang", "--on", "2023-02-29"}, "-on"},
		{"no code", []string{"rules", "show"}, "want one jurisdiction code"},
		{"unknown flag", []string{"rules", "list", "--yaml"}, "-yaml"},
		{"unknown subcommand", []string{"rules", "edit"}, `"edit"`},
		{"unknown command", []string{"paint"}, `"paint"`},
		{"OSM mapping as JSON", []string{"rules", "categories", "--osm", "--json"}, "--osm prints YAML; leave out --json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			exit, out, errOut := cli(t, tc.args...)
			if exit != 2 {
				t.Errorf("exit %d, want 2", exit)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if strings.Count(strings.TrimRight(errOut, "\n"), "\n") != 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q, want one line naming %s", errOut, tc.want)
			}
		})
	}
}

func TestRulesListAndCategories(t *testing.T) {
	exit, out, errOut := cli(t, "rules", "list", "--json", "--on", "2026-01-01")
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	var list []struct {
		Code    string `json:"code"`
		InForce bool   `json:"in_force"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	inForce := map[string]bool{}
	for _, l := range list {
		inForce[l.Code] = l.InForce
	}
	want := map[string]bool{"national": true, "nanchang": true, "liaoning": true, "yangzhou": true, "zhuzhou": true, "weihai": false}
	for code, f := range want {
		if got, ok := inForce[code]; !ok || got != f {
			t.Errorf("%s in force = %v (listed %v), want %v", code, got, ok, f)
		}
	}

	exit, out, errOut = cli(t, "rules", "categories", "--json")
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	var tax struct {
		Categories []struct{ ID, Zh, En, Kind string }
		Spaces     []struct{ ID, Zh, En string }
	}
	if err := json.Unmarshal([]byte(out), &tax); err != nil {
		t.Fatal(err)
	}
	if len(tax.Categories) < 40 || len(tax.Spaces) < 10 {
		t.Fatalf("taxonomy too small: %d categories, %d spaces", len(tax.Categories), len(tax.Spaces))
	}
	for _, c := range tax.Categories {
		if c.ID == "" || c.Zh == "" || c.En == "" || c.Kind == "" {
			t.Errorf("category without id, labels or kind: %+v", c)
		}
	}

	exit, out, _ = cli(t, "rules", "show", "liaoning", "--on", "2024-01-01")
	for _, want := range []string{
		"第十四条第一款第（七）项", "15 days",
		"责令拆除，拒不拆除的，由公安机关强制拆除; fine ¥1000",
		"责令限期改正; if not corrected in time: warning and fine ¥200–500",
	} {
		if exit != 0 || !strings.Contains(out, want) {
			t.Errorf("readable liaoning output lacks %q:\n%s", want, out)
		}
	}
}

// rules categories --osm prints the file the default OpenStreetMap mapping is decoded
// from, which a bureau copies to start its own.
func TestRulesCategoriesOSM(t *testing.T) {
	exit, out, errOut := cli(t, "rules", "categories", "--osm")
	if exit != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	if out != string(osm.DefaultMappingYAML()) {
		t.Errorf("printed\n%s\nwant the embedded mapping.yaml", out)
	}
}

func TestRulesShowNationalLayer(t *testing.T) {
	tests := []struct {
		name, code, on string
		json           bool
		want, absent   []string
	}{
		{"national reads its penalties and deadlines", "national", "2025-04-01", false, []string{
			"第八条第二款 [national]",
			"listed_places",
			"filing: existing_systems  90 days (due 2025-06-30)",
			"filing: change            promptly",
			"general minimum  30 days, then delete",
			"exempt from 第十一条、第十四条、第十五条、第十六条第二款、第十七条",
			"no_redirection  device_altered",
			"删除所收集的视频图像信息; fine ¥10000–20000 and confiscation of the devices",
			"责令改正; if not corrected, or at once on serious consequences: fine ¥5000–10000",
		}, nil},
		{"liaoning from 2025-04-01 shows what order 799 superseded", "liaoning", "2025-04-01", false, []string{
			"Superseded by the national baseline",
			"第二十一条 [liaoning], superseded by 第二十七条第一款 [national]",
			"第二十二条 [liaoning], superseded by 第二十九条 [national]",
		}, nil},
		{"liaoning the day before is its own rules alone", "liaoning", "2025-03-31", false, []string{
			"第二十一条 [liaoning]",
		}, []string{"[national]", "Superseded"}},
		{"zhuzhou prints its duties with the violation each breach is", "zhuzhou", "2025-04-01", false, []string{
			"no_redirection  obstruction     第十五条第（七）项 [zhuzhou]",
			"keep_running    not_maintained  第十二条第（一）项 [zhuzhou]",
		}, nil},
		{"zhuzhou's JSON quotes the duty", "zhuzhou", "2025-04-01", true, []string{
			`"duty": "no_redirection"`, `"text": "遮挡公共安全视频图像采集设备或者擅自调整采集设备方向，妨碍已安装的公共安全视频图像信息系统正常使用"`,
		}, nil},
		{"nanchang's JSON names what supersedes its sign penalty", "nanchang", "2025-04-01", true, []string{
			`"superseded_by": {`, `"citation": "第二十五条第（一）项"`, `"confiscation": true`, `"due_on": "2025-06-30"`,
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"rules", "show", tc.code, "--on", tc.on}
			if tc.json {
				args = append(args, "--json")
			}
			exit, out, errOut := cli(t, args...)
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(out, a) {
					t.Errorf("output has %q", a)
				}
			}
		})
	}
}
