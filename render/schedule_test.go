package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"dbzx/config"
)

func mustDate(t *testing.T, s string) config.Date {
	t.Helper()
	d, err := config.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustMonth(t *testing.T, s string) config.Month {
	t.Helper()
	m, err := config.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sampleSchedule has a one-year unit (13 months: 2022-12 … 2023-12), a
// two-year one (25 months) and one starting on the 31st (12 months), with
// a comma and a semicolon in a name to exercise iCalendar escaping.
func sampleSchedule(t *testing.T) *ScheduleData {
	t.Helper()
	return &ScheduleData{
		College:   "郑州铁路职业技术学院",
		Programme: "基层党建“对标争先”建设计划",
		Stamp:     time.Date(2022, 12, 20, 8, 0, 0, 0, time.UTC),
		Units: []ScheduleUnit{
			{Category: "model_branch", CategoryName: "党建工作样板党支部", Unit: "铁道工程学院党总支",
				Name: "铁道工程学院教工第一党支部", Leader: "王建国", Phone: "0371-56611234",
				Start: mustDate(t, "2022-12-20"), Midterm: mustMonth(t, "2023-05"),
				ReportDue: mustDate(t, "2023-11-30"), Acceptance: mustMonth(t, "2023-12"),
				Publicity: "每月不少于1次在部门官网、微信公众号等平台动态展示建设过程"},
			{Category: "benchmark_college", CategoryName: "党建工作“标杆院部”", Unit: "机车车辆学院党总支",
				Name: "机车车辆学院", Leader: "李红", Phone: "13803710000",
				Start: mustDate(t, "2022-12-20"), Midterm: mustMonth(t, "2023-11"),
				ReportDue: mustDate(t, "2024-11-30"), Acceptance: mustMonth(t, "2024-12")},
			{Category: "innovation_project", CategoryName: "基层党建创新项目", Unit: "信息工程学院党总支",
				Name: "“云上支部”,智慧党建;创新项目", Leader: "赵敏", Phone: "15937100000",
				Start: mustDate(t, "2023-01-31"), Midterm: mustMonth(t, "2023-05"),
				ReportDue: mustDate(t, "2023-11-30"), Acceptance: mustMonth(t, "2023-12")},
		},
	}
}

// wantMonths is how many 月度展示 rows each sample unit has.
var wantMonths = []int{13, 25, 12}

func writeScheduleXlsx(t *testing.T, d *ScheduleData) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "建设进度安排.xlsx")
	if err := WriteScheduleXlsx(path, d); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// sheetTable returns a sheet's header row and its data rows, by header.
func sheetTable(t *testing.T, x *excelize.File, sheet string) []map[string]string {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	if len(rows) < scheduleHeaderRow {
		t.Fatalf("%s: %d rows", sheet, len(rows))
	}
	header := rows[scheduleHeaderRow-1]
	var out []map[string]string
	for _, r := range rows[scheduleFirstRow-1:] {
		m := map[string]string{}
		for i, h := range header {
			if i < len(r) {
				m[h] = r[i]
			} else {
				m[h] = ""
			}
		}
		out = append(out, m)
	}
	return out
}

func TestScheduleXlsxOneRowPerUnit(t *testing.T) {
	t.Parallel()
	d := sampleSchedule(t)
	x := writeScheduleXlsx(t, d)
	if got := x.GetSheetList(); len(got) != 2 || got[0] != ScheduleSheet || got[1] != PublicitySheet {
		t.Fatalf("sheets %v", got)
	}
	rows := sheetTable(t, x, ScheduleSheet)
	if len(rows) != len(d.Units) {
		t.Fatalf("%d rows, want %d", len(rows), len(d.Units))
	}
	for _, h := range []string{"类别", "单位", "名称", "负责人", "联系人", "联系电话", "中期考核", "工作报告截止", "验收", "每月动态展示要求"} {
		if _, ok := rows[0][h]; !ok {
			t.Errorf("no column %s", h)
		}
	}
	want := []map[string]string{
		{"单位": "铁道工程学院党总支", "名称": "铁道工程学院教工第一党支部", "类别": "党建工作样板党支部",
			"负责人": "王建国", "联系人": "王建国", "联系电话": "0371-56611234", "建设开始": "2022年12月20日",
			"中期考核": "2023年5月", "工作报告截止": "2023年11月30日", "验收": "2023年12月",
			"每月动态展示要求": "每月不少于1次在部门官网、微信公众号等平台动态展示建设过程"},
		{"单位": "机车车辆学院党总支", "中期考核": "2023年11月", "工作报告截止": "2024年11月30日",
			"验收": "2024年12月", "每月动态展示要求": DefaultPublicity},
		{"名称": "“云上支部”,智慧党建;创新项目", "建设开始": "2023年1月31日"},
	}
	for i, w := range want {
		for k, v := range w {
			if rows[i][k] != v {
				t.Errorf("row %d %s = %q, want %q", i+1, k, rows[i][k], v)
			}
		}
	}
	// The months are dates (sortable), shown in Chinese.
	raw, err := x.GetCellValue(ScheduleSheet, "I3", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "45047"; raw != want { // 2023-05-01
		t.Errorf("中期考核 raw value %q, want the serial %s of 2023-05-01", raw, want)
	}
}

func TestScheduleXlsxMonthlyRows(t *testing.T) {
	t.Parallel()
	d := sampleSchedule(t)
	x := writeScheduleXlsx(t, d)
	rows := sheetTable(t, x, PublicitySheet)
	total := 0
	for _, n := range wantMonths {
		total += n
	}
	if len(rows) != total {
		t.Fatalf("%d rows, want %d", len(rows), total)
	}
	months := map[string][]string{}
	for _, r := range rows {
		months[r["名称"]] = append(months[r["名称"]], r["月份"])
		if r["完成情况"] != "" {
			t.Errorf("完成情况 filled in: %q", r["完成情况"])
		}
	}
	for i, u := range d.Units {
		got := months[u.Name]
		if len(got) != wantMonths[i] {
			t.Errorf("%s: %d months, want %d", u.Name, len(got), wantMonths[i])
			continue
		}
		first := u.Start.Format("2006年1月")
		if got[0] != first || got[len(got)-1] != u.Acceptance.Chinese() {
			t.Errorf("%s: months %s … %s, want %s … %s", u.Name, got[0], got[len(got)-1], first, u.Acceptance.Chinese())
		}
		for j := 1; j < len(got); j++ {
			if got[j] == got[j-1] {
				t.Errorf("%s: month %s twice", u.Name, got[j])
			}
		}
	}
	// Grouped by month: the raw serials never decrease.
	prev := 0.0
	for r := range rows {
		raw, _ := x.GetCellValue(PublicitySheet, "B"+strconv.Itoa(scheduleFirstRow+r), excelize.Options{RawCellValue: true})
		var v float64
		if _, err := fmt.Sscan(raw, &v); err != nil {
			t.Fatalf("row %d 月份 %q is not a date serial", r+1, raw)
		}
		if v < prev {
			t.Fatalf("row %d: months out of order", r+1)
		}
		prev = v
	}
	dvs, err := x.GetDataValidations(PublicitySheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "已完成") || !strings.HasPrefix(dvs[0].Sqref, "G3:") {
		t.Errorf("完成情况 drop-down: %+v", dvs)
	}
}

func TestScheduleXlsxRejectsBadUnit(t *testing.T) {
	t.Parallel()
	for name, mutate := range map[string]func(u *ScheduleUnit){
		"no start":          func(u *ScheduleUnit) { u.Start = config.Date{} },
		"no acceptance":     func(u *ScheduleUnit) { u.Acceptance = config.Month{} },
		"acceptance before": func(u *ScheduleUnit) { u.Acceptance = config.Month{Year: 2022, Month: 11} },
	} {
		d := sampleSchedule(t)
		mutate(&d.Units[0])
		path := filepath.Join(t.TempDir(), "x.xlsx")
		err := WriteScheduleXlsx(path, d)
		if err == nil || !strings.Contains(err.Error(), d.Units[0].Unit) {
			t.Errorf("%s: error %v, want one naming the unit", name, err)
		}
		if _, serr := os.Stat(path); serr == nil {
			t.Errorf("%s: file written despite the error", name)
		}
		if err := WriteICS(&bytes.Buffer{}, d); err == nil {
			t.Errorf("%s: WriteICS accepted it", name)
		}
	}
	d := sampleSchedule(t)
	d.Units = append(d.Units, d.Units[0])
	var dup *ScheduleError
	if err := WriteICS(&bytes.Buffer{}, d); !errors.As(err, &dup) || dup.Problem != ListedTwice || dup.Item != len(d.Units) {
		t.Errorf("duplicate unit: %v", err)
	}
	d = sampleSchedule(t)
	d.Stamp = time.Time{}
	if err := WriteICS(&bytes.Buffer{}, d); err == nil {
		t.Error("WriteICS without a stamp")
	}
}

func writeICS(t *testing.T, d *ScheduleData) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteICS(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func param(p *ics.IANAProperty, name string) string {
	if p == nil {
		return ""
	}
	return strings.Join(p.ICalParameters[name], ",")
}

func TestICSParsesBack(t *testing.T) {
	t.Parallel()
	d := sampleSchedule(t)
	data := writeICS(t, d)
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ParseCalendar: %v", err)
	}
	props := map[string]string{}
	for _, p := range cal.CalendarProperties {
		props[p.IANAToken] = p.Value
	}
	if props["METHOD"] != "PUBLISH" || props["X-WR-CALNAME"] != CalendarName || props["VERSION"] != "2.0" ||
		!strings.Contains(props["PRODID"], "dbzx") {
		t.Errorf("calendar properties %v", props)
	}
	events := cal.Events()
	if len(events) != 4*len(d.Units) {
		t.Fatalf("%d events, want %d", len(events), 4*len(d.Units))
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range events {
		if byUID[e.Id()] != nil {
			t.Errorf("UID %s twice", e.Id())
		}
		byUID[e.Id()] = e
		start := e.GetProperty(ics.ComponentPropertyDtStart)
		end := e.GetProperty(ics.ComponentPropertyDtEnd)
		if param(start, "VALUE") != "DATE" || param(end, "VALUE") != "DATE" {
			t.Errorf("%s: DTSTART/DTEND not VALUE=DATE: %v %v", e.Id(), start, end)
			continue
		}
		s, err1 := time.Parse("20060102", start.Value)
		en, err2 := time.Parse("20060102", end.Value)
		if err1 != nil || err2 != nil || !en.Equal(s.AddDate(0, 0, 1)) {
			t.Errorf("%s: DTSTART %s DTEND %s, want the next day", e.Id(), start.Value, end.Value)
		}
		if st := e.GetProperty(ics.ComponentPropertyDtstamp); st == nil || st.Value != "20221220T080000Z" {
			t.Errorf("%s: DTSTAMP %v", e.Id(), st)
		}
		if !strings.HasSuffix(e.Id(), "@dbzx") || len(e.Id()) != 32+len("@dbzx") {
			t.Errorf("UID %q is not hex@dbzx", e.Id())
		}
	}
	want := map[string]struct{ start, summary string }{
		kindMidterm:    {"20230501", "中期考核"},
		kindReport:     {"20231130", "工作报告截止"},
		kindAcceptance: {"20231201", "验收"},
		kindPublicity:  {"20221220", "每月动态展示"},
	}
	for i, u := range d.Units {
		for kind, w := range want {
			e := byUID[ScheduleUID(u.Unit, u.Name, kind)]
			if e == nil {
				t.Errorf("%s: no %s event with the derived UID", u.Name, kind)
				continue
			}
			summary := e.GetProperty(ics.ComponentPropertySummary).Value
			if !strings.HasPrefix(summary, w.summary) || !strings.Contains(summary, u.Unit) || !strings.Contains(summary, u.Name) {
				t.Errorf("%s %s: SUMMARY %q", u.Name, kind, summary)
			}
			desc := e.GetProperty(ics.ComponentPropertyDescription).Value
			if !strings.Contains(desc, "负责人："+u.Leader) || !strings.Contains(desc, u.Phone) {
				t.Errorf("%s %s: DESCRIPTION %q", u.Name, kind, desc)
			}
			if i == 0 && e.GetProperty(ics.ComponentPropertyDtStart).Value != w.start {
				t.Errorf("%s %s: DTSTART %s, want %s", u.Name, kind, e.GetProperty(ics.ComponentPropertyDtStart).Value, w.start)
			}
			alarms := e.Alarms()
			rrule := e.GetProperty(ics.ComponentPropertyRrule)
			if kind == kindPublicity {
				if len(alarms) != 0 || rrule == nil {
					t.Errorf("%s: publicity alarms %d rrule %v", u.Name, len(alarms), rrule)
				}
				continue
			}
			if rrule != nil {
				t.Errorf("%s %s: recurs", u.Name, kind)
			}
			if len(alarms) != 1 || alarms[0].GetProperty(ics.ComponentPropertyTrigger).Value != "-P7D" ||
				alarms[0].GetProperty(ics.ComponentPropertyAction).Value != "DISPLAY" {
				t.Errorf("%s %s: want one DISPLAY alarm 7 days before", u.Name, kind)
			}
		}
	}
	// The monthly duty: until the end of the acceptance month, on a day
	// every month has.
	for i, wantRule := range []string{"FREQ=MONTHLY;UNTIL=20231231", "FREQ=MONTHLY;UNTIL=20241231", "FREQ=MONTHLY;UNTIL=20231231"} {
		u := d.Units[i]
		e := byUID[ScheduleUID(u.Unit, u.Name, kindPublicity)]
		if got := e.GetProperty(ics.ComponentPropertyRrule).Value; got != wantRule {
			t.Errorf("%s: RRULE %s, want %s", u.Name, got, wantRule)
		}
		if !strings.Contains(e.GetProperty(ics.ComponentPropertyDescription).Value, "共"+strconv.Itoa(wantMonths[i])+"次") {
			t.Errorf("%s: description does not count %d reminders", u.Name, wantMonths[i])
		}
	}
	e := byUID[ScheduleUID(d.Units[2].Unit, d.Units[2].Name, kindPublicity)]
	if got := e.GetProperty(ics.ComponentPropertyDtStart).Value; got != "20230128" {
		t.Errorf("start on the 31st: monthly DTSTART %s, want 20230128", got)
	}
	// Escaped text comes back as written.
	e = byUID[ScheduleUID(d.Units[2].Unit, d.Units[2].Name, kindReport)]
	if got := e.GetProperty(ics.ComponentPropertySummary).Value; ics.FromText(got) != "工作报告截止："+d.Units[2].Name+"（"+d.Units[2].Unit+"）" {
		t.Errorf("SUMMARY with , and ; came back as %q", got)
	}
}

func TestICSDeterministicAndStable(t *testing.T) {
	t.Parallel()
	d := sampleSchedule(t)
	a, b := writeICS(t, d), writeICS(t, sampleSchedule(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two runs differ")
	}
	// A later regeneration with a changed date keeps every UID (an update
	// on re-import), only DTSTAMP and the date change.
	d.Stamp = d.Stamp.Add(24 * time.Hour)
	d.Units[0].Midterm = mustMonth(t, "2023-06")
	c := writeICS(t, d)
	uids := func(data []byte) []string {
		cal, err := ics.ParseCalendar(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range cal.Events() {
			out = append(out, e.Id())
		}
		return out
	}
	if ua, uc := strings.Join(uids(a), " "), strings.Join(uids(c), " "); ua != uc {
		t.Errorf("UIDs changed:\n%s\n%s", ua, uc)
	}
	if bytes.Equal(a, c) || !bytes.Contains(c, []byte("DTSTART;VALUE=DATE:20230601")) {
		t.Error("the changed mid-term month is not in the new calendar")
	}
}

// TestICSLines checks the RFC 5545 framing Outlook insists on: CRLF line
// ends, lines of at most 75 octets, folds that split no character.
func TestICSLines(t *testing.T) {
	t.Parallel()
	data := writeICS(t, sampleSchedule(t))
	if !bytes.HasPrefix(data, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("not framed as a VCALENDAR with CRLF: %q … %q", data[:20], data[len(data)-20:])
	}
	folded := 0
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no folded line: the Chinese descriptions should need folding")
	}
	for _, s := range []string{"DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:", "RRULE:FREQ=MONTHLY;UNTIL=", "BEGIN:VALARM\r\n",
		"TRIGGER:-P7D\r\n", "TRANSP:TRANSPARENT\r\n", "METHOD:PUBLISH\r\n"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("no %q", s)
		}
	}
}
