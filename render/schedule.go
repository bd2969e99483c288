package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"dbzx/config"
)

// ScheduleData is the construction schedule of the units the committee
// approved: each unit's mid-term review, work report, acceptance and its
// monthly publicity duty.
type ScheduleData struct {
	College, Programme string
	Units              []ScheduleUnit
	// Stamp is when the schedule was made: the calendar's DTSTAMP and the
	// workbook's creation time. It is given, not read from the clock, so
	// that the same schedule always gives the same bytes; a later Stamp
	// tells calendar clients that a re-import is an update.
	Stamp time.Time
}

// ScheduleUnit is one unit under construction.
type ScheduleUnit struct {
	Category, CategoryName    string // key (model_branch) and name
	Unit, Name, Leader, Phone string
	Contact                   string       // whose phone Phone is, when not the leader's
	Start                     config.Date  // decision date: construction starts
	Midterm                   config.Month // mid-term review (optional)
	ReportDue                 config.Date  // work report due (optional)
	Acceptance                config.Month // acceptance; construction ends with this month
	Publicity                 string       // the publicity duty (config publicity)
	// Due is what the unit still owes as the register stands (the stage
	// forms not returned, months without a post), "" when nothing.
	Due string
}

// DefaultPublicity is the notice's publicity duty, used when a unit has none.
const DefaultPublicity = "每月不少于1次动态展示建设过程"

// CalendarName is the calendar's display name (X-WR-CALNAME).
const CalendarName = "基层党建对标争先建设计划"

// Sheet names of the schedule workbook.
const (
	ScheduleSheet  = "建设进度安排"
	PublicitySheet = "月度展示"
)

// Layout of both schedule sheets: a merged title, the column headers, rows.
const (
	scheduleTitleRow  = 1
	scheduleHeaderRow = 2
	scheduleFirstRow  = 3
)

// Excel number formats: dates and months shown in Chinese, kept as dates so
// that the columns sort and filter.
const (
	xlsxDateFmt  = `yyyy"年"m"月"d"日"`
	xlsxMonthFmt = `yyyy"年"m"月"`
)

// Event kinds of the calendar, part of each event's UID.
const (
	kindMidterm    = "midterm"
	kindReport     = "report"
	kindAcceptance = "acceptance"
	kindPublicity  = "publicity"
)

func (u *ScheduleUnit) label() string { return u.Unit + "「" + u.Name + "」" }

func (u *ScheduleUnit) publicity() string {
	if strings.TrimSpace(u.Publicity) == "" {
		return DefaultPublicity
	}
	return u.Publicity
}

func (u *ScheduleUnit) startMonth() config.Month {
	return config.Month{Year: u.Start.Year(), Month: u.Start.Month()}
}

// check validates what both writers rely on: a start, an acceptance month
// not before it, and no unit listed twice (their calendar UIDs would
// collide).
func (d *ScheduleData) check() error {
	seen := map[string]bool{}
	for i := range d.Units {
		u := &d.Units[i]
		bad := func(p ScheduleProblem) error {
			return &ScheduleError{Item: i + 1, Unit: u.Unit, Name: u.Name, Problem: p, Start: u.Start, Acceptance: u.Acceptance}
		}
		switch {
		case strings.TrimSpace(u.Unit) == "" && strings.TrimSpace(u.Name) == "":
			return bad(NoUnit)
		case u.Start.IsZero():
			return bad(NoStart)
		case u.Acceptance.IsZero():
			return bad(NoAcceptance)
		case monthIndex(u.Acceptance) < monthIndex(u.startMonth()):
			return bad(AcceptanceBefore)
		}
		key := u.Unit + "\x1f" + u.Name
		if seen[key] {
			return bad(ListedTwice)
		}
		seen[key] = true
	}
	return nil
}

func monthIndex(m config.Month) int { return m.Year*12 + int(m.Month) - 1 }

// scheduleMonths lists the months from from to to, both included.
func scheduleMonths(from, to config.Month) []config.Month {
	var out []config.Month
	for i := monthIndex(from); i <= monthIndex(to); i++ {
		out = append(out, config.Month{Year: i / 12, Month: time.Month(i%12 + 1)})
	}
	return out
}

func firstDay(m config.Month) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
}

func lastDay(m config.Month) time.Time { return firstDay(m).AddDate(0, 1, -1) }

// WriteScheduleXlsx writes the schedule workbook to path (atomically):
// sheet 建设进度安排 with one row per unit and its dates, and sheet 月度展示
// with one row per unit and month of construction, from the start month to
// the acceptance month, grouped by month, with a 完成情况 column (a
// drop-down) the clerk fills as each unit shows its progress.
func WriteScheduleXlsx(path string, d *ScheduleData) error {
	if err := d.check(); err != nil {
		return err
	}
	b := newBook()
	defer b.Close()
	x, check := b.File, b.check
	st, err := newScheduleStyles(x)
	if err != nil {
		return err
	}
	check(x.SetSheetName("Sheet1", ScheduleSheet))
	_, err = x.NewSheet(PublicitySheet)
	check(err)

	title := d.College + d.Programme
	// 建设进度安排.
	cols := []scheduleCol{
		{"序号", 6, st.center}, {"类别", 18, st.text}, {"单位", 20, st.text}, {"名称", 28, st.text},
		{"负责人", 9, st.center}, {"联系人", 9, st.center}, {"联系电话", 14, st.center}, {"建设开始", 15, st.date},
		{"中期考核", 11, st.month}, {"工作报告截止", 15, st.date}, {"验收", 11, st.month},
		{"每月动态展示要求", 34, st.text}, {"待办（截至生成时）", 40, st.text},
	}
	var rows [][]any
	for i := range d.Units {
		u := &d.Units[i]
		rows = append(rows, []any{i + 1, u.CategoryName, u.Unit, u.Name, u.Leader, u.contact(), u.Phone,
			dateCell(u.Start.Time), monthCell(u.Midterm), dateCell(u.ReportDue.Time), monthCell(u.Acceptance),
			u.publicity(), u.Due})
	}
	writeScheduleSheet(b, ScheduleSheet, title+"建设进度安排", cols, rows, st)

	// 月度展示: by month, then in the units' order.
	cols = []scheduleCol{
		{"序号", 6, st.center}, {"月份", 11, st.month}, {"类别", 18, st.text}, {"单位", 20, st.text},
		{"名称", 28, st.text}, {"负责人", 9, st.center}, {"完成情况", 10, st.input},
		{"展示日期", 14, st.inputDate}, {"展示平台及链接", 30, st.input}, {"备注", 16, st.input},
	}
	type entry struct {
		month int
		unit  *ScheduleUnit
	}
	var entries []entry
	first, last := 0, -1
	for i := range d.Units {
		u := &d.Units[i]
		for _, m := range scheduleMonths(u.startMonth(), u.Acceptance) {
			entries = append(entries, entry{monthIndex(m), u})
		}
		if i == 0 || monthIndex(u.startMonth()) < first {
			first = monthIndex(u.startMonth())
		}
		last = max(last, monthIndex(u.Acceptance))
	}
	rows = nil
	for m := first; m <= last; m++ {
		for _, e := range entries {
			if e.month != m {
				continue
			}
			mon := config.Month{Year: m / 12, Month: time.Month(m%12 + 1)}
			rows = append(rows, []any{len(rows) + 1, monthCell(mon), e.unit.CategoryName, e.unit.Unit,
				e.unit.Name, e.unit.Leader, "", nil, "", ""})
		}
	}
	writeScheduleSheet(b, PublicitySheet, title+"月度动态展示登记", cols, rows, st)
	if len(rows) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("G%d:G%d", scheduleFirstRow, scheduleFirstRow+len(rows)-1))
		check(dv.SetDropList([]string{"已完成", "未完成"}))
		dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择“已完成”或“未完成”")
		check(x.AddDataValidation(PublicitySheet, dv))
	}

	stamp := d.Stamp.UTC().Format("2006-01-02T15:04:05Z")
	check(x.SetDocProps(&excelize.DocProperties{Title: title + "建设进度安排", Subject: d.Programme,
		Creator: "dbzx", Created: stamp, Modified: stamp}))
	return b.save(path, "schedule workbook")
}

type scheduleCol struct {
	title string
	width float64
	style int
}

// dateCell is a date for a date-formatted cell, nil (blank) when unset.
func dateCell(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func monthCell(m config.Month) any {
	if m.IsZero() {
		return nil
	}
	return firstDay(m)
}

// writeScheduleSheet lays out one sheet: merged title, header row with a
// filter, rows, frozen panes, A4 landscape fitted to the width with the
// title and header repeated on every printed page.
func writeScheduleSheet(b *book, sheet, title string, cols []scheduleCol, rows [][]any, st scheduleStyles) {
	x, check := b.File, b.check
	lastCol, _ := excelize.ColumnNumberToName(len(cols))
	cell := func(c, r int) string { name, _ := excelize.CoordinatesToCellName(c, r); return name }
	check(x.MergeCell(sheet, "A1", fmt.Sprintf("%s%d", lastCol, scheduleTitleRow)))
	check(x.SetCellValue(sheet, "A1", title))
	check(x.SetCellStyle(sheet, "A1", fmt.Sprintf("%s%d", lastCol, scheduleTitleRow), st.title))
	check(x.SetRowHeight(sheet, scheduleTitleRow, 34))
	check(x.SetRowHeight(sheet, scheduleHeaderRow, 24))
	lastRow := scheduleFirstRow + len(rows) - 1
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		check(x.SetColWidth(sheet, col, col, c.width))
		check(x.SetCellValue(sheet, cell(i+1, scheduleHeaderRow), c.title))
		if len(rows) > 0 {
			check(x.SetCellStyle(sheet, cell(i+1, scheduleFirstRow), cell(i+1, lastRow), c.style))
		}
	}
	check(x.SetCellStyle(sheet, cell(1, scheduleHeaderRow), cell(len(cols), scheduleHeaderRow), st.header))
	for r, row := range rows {
		lines := 1
		for c, v := range row {
			if s, ok := v.(string); ok {
				lines = max(lines, cellLines(s, cols[c].width))
			}
		}
		check(x.SetRowHeight(sheet, scheduleFirstRow+r, float64(lines)*14.5+6))
		for c, v := range row {
			if v == nil {
				continue
			}
			if s, ok := v.(string); ok {
				if s == "" {
					continue
				}
				v = SafeText(s)
			}
			check(x.SetCellValue(sheet, cell(c+1, scheduleFirstRow+r), v))
		}
	}
	if len(rows) > 0 {
		check(x.AutoFilter(sheet, fmt.Sprintf("A%d:%s%d", scheduleHeaderRow, lastCol, lastRow), nil))
	}
	check(x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: scheduleHeaderRow,
		TopLeftCell: cell(1, scheduleFirstRow), ActivePane: "bottomLeft"}))
	check(printSetup(x, sheet, "landscape", scheduleTitleRow, scheduleHeaderRow))
}

// cellLines estimates how many lines text wraps to in a column width
// characters wide: a Chinese character takes two, as in Excel's own
// measure. Row heights are set from it because neither Excel nor
// LibreOffice grows a row to wrapped text on opening a file.
func cellLines(text string, width float64) int {
	avail := max(width-1, 1)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		units := 0.0
		for _, r := range para {
			if r >= 0x2E80 || (r >= 0x2010 && r <= 0x201F) {
				units += 2
			} else {
				units++
			}
		}
		lines += max(1, int(math.Ceil(units/avail)))
	}
	return lines
}

type scheduleStyles struct {
	title, header, text, center, date, month, input, inputDate int
}

func newScheduleStyles(x *excelize.File) (scheduleStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true, Indent: 1}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	unlocked := &excelize.Protection{Locked: false}
	dateFmt, monthFmt := xlsxDateFmt, xlsxMonthFmt
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: center},
		{Font: &excelize.Font{Family: "黑体", Size: 11}, Alignment: center, Border: border, Fill: fill},
		{Font: font, Alignment: left, Border: border},
		{Font: font, Alignment: center, Border: border},
		{Font: font, Alignment: center, Border: border, CustomNumFmt: &dateFmt},
		{Font: font, Alignment: center, Border: border, CustomNumFmt: &monthFmt},
		{Font: font, Alignment: center, Border: border, Protection: unlocked},
		{Font: font, Alignment: center, Border: border, Protection: unlocked, CustomNumFmt: &dateFmt},
	}
	ids := make([]int, len(defs))
	for i, s := range defs {
		id, err := x.NewStyle(s)
		if err != nil {
			return scheduleStyles{}, err
		}
		ids[i] = id
	}
	return scheduleStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7]}, nil
}

// ScheduleUID is the calendar UID of one of a unit's events (kind:
// midterm, report, acceptance, publicity): a hash of the unit, the name and
// the kind, so that importing a regenerated calendar updates the events
// rather than duplicating them.
func ScheduleUID(unit, name, kind string) string {
	sum := sha256.Sum256([]byte(unit + "\x1f" + name + "\x1f" + kind))
	return hex.EncodeToString(sum[:16]) + "@dbzx"
}

// icsDate is the VALUE=DATE form of a day.
func icsDate(t time.Time) string { return t.Format("20060102") }

// WriteICS writes the schedule as an iCalendar file (RFC 5545) that
// Outlook and phone calendars import: per unit an all-day event for the
// mid-term review (the first day of its month), the work report's due date
// and the acceptance (the first day of its month), each with a reminder 7
// days before, and an all-day event 每月动态展示 repeating monthly from the
// construction start to the end of the acceptance month. All-day events
// (VALUE=DATE, DTEND the next day) carry no time zone, so they fall on the
// same day in every client. Lines end in CRLF and are folded at 75 octets.
// The output depends only on d (DTSTAMP is d.Stamp).
func WriteICS(w io.Writer, d *ScheduleData) error {
	if err := d.check(); err != nil {
		return err
	}
	if d.Stamp.IsZero() {
		return errors.New("render: schedule calendar: ScheduleData.Stamp not set")
	}
	cal := ics.NewCalendarFor("dbzx")
	cal.SetProductId("-//dbzx//Construction Schedule//ZH")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName(CalendarName)
	if desc := strings.TrimSpace(d.College + d.Programme); desc != "" {
		cal.SetXWRCalDesc(desc + "：各建设对象的中期考核、工作报告、验收时间和每月动态展示要求")
	}
	for i := range d.Units {
		u := &d.Units[i]
		details := u.details(d)
		if !u.Midterm.IsZero() {
			day := firstDay(u.Midterm)
			e := u.event(cal, d, kindMidterm, "中期考核", day, details+"\n中期考核："+u.Midterm.Chinese()+"（提醒设在当月1日）")
			reminder(e, "7天后进入中期考核月："+u.label())
		}
		if !u.ReportDue.IsZero() {
			e := u.event(cal, d, kindReport, "工作报告截止", u.ReportDue.Time, details+"\n工作报告截止："+u.ReportDue.Chinese())
			reminder(e, "7天后工作报告截止："+u.label())
		}
		e := u.event(cal, d, kindAcceptance, "验收", firstDay(u.Acceptance), details+"\n验收："+u.Acceptance.Chinese()+"（提醒设在当月1日）")
		reminder(e, "7天后进入验收月："+u.label())

		// The monthly duty falls on the start's day of the month; days
		// past the 28th become the 28th, or short months would be skipped
		// (RFC 5545 drops a month without that day).
		start := u.Start.Time
		day := time.Date(start.Year(), start.Month(), min(start.Day(), 28), 0, 0, 0, 0, time.UTC)
		until := lastDay(u.Acceptance)
		n := len(scheduleMonths(u.startMonth(), u.Acceptance))
		e = u.event(cal, d, kindPublicity, "每月动态展示", day, fmt.Sprintf(
			"%s\n每月动态展示要求：%s\n本提醒自%s起每月%d日重复，至验收月%s止，共%d次。",
			details, u.publicity(), day.Format("2006年1月2日"), day.Day(), u.Acceptance.Chinese(), n))
		e.AddRrule("FREQ=MONTHLY;UNTIL=" + icsDate(until))
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// details are the lines every event of a unit describes it with.
func (u *ScheduleUnit) details(d *ScheduleData) string {
	lines := []string{}
	if p := strings.TrimSpace(d.College + d.Programme); p != "" {
		lines = append(lines, p)
	}
	add := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			lines = append(lines, label+"："+v)
		}
	}
	add("类别", u.CategoryName)
	add("单位", u.Unit)
	add("名称", u.Name)
	add("负责人", u.Leader)
	add("联系人", u.contact())
	add("联系电话", u.Phone)
	add("建设开始", u.Start.Chinese())
	return strings.Join(lines, "\n")
}

// event adds an all-day event on day.
func (u *ScheduleUnit) event(cal *ics.Calendar, d *ScheduleData, kind, what string, day time.Time, desc string) *ics.VEvent {
	e := cal.AddEvent(ScheduleUID(u.Unit, u.Name, kind))
	e.SetDtStampTime(d.Stamp)
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	e.SetAllDayStartAt(day)
	e.SetAllDayEndAt(day.AddDate(0, 0, 1))
	e.SetSummary(what + "：" + u.Name + "（" + u.Unit + "）")
	e.SetDescription(desc)
	if u.CategoryName != "" {
		e.AddCategory(u.CategoryName)
	}
	e.SetTimeTransparency(ics.TransparencyTransparent)
	return e
}

// reminder adds a display alarm 7 days before the event.
func reminder(e *ics.VEvent, text string) {
	a := e.AddAlarm()
	a.SetAction(ics.ActionDisplay)
	a.SetTrigger("-P7D")
	a.SetProperty(ics.ComponentPropertyDescription, text)
}

// contact is the person whose phone the unit's phone is.
func (u *ScheduleUnit) contact() string {
	if u.Contact != "" {
		return u.Contact
	}
	return u.Leader
}
