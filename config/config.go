// Package config reads the programme's settings once into a typed Config:
// the embedded defaults (the 2022 notice), overridden by dbzx.yaml in the
// workspace, overridden by DBZX_* environment variables. viper is used here
// and nowhere else; every stage receives the Config or plain values from it.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
)

//go:embed defaults.yaml
var defaultsYAML []byte

// Defaults returns the embedded defaults, for `dbzx init` to write out.
func Defaults() []byte { return append([]byte(nil), defaultsYAML...) }

// FileName is the configuration file's name inside a workspace.
const FileName = "dbzx.yaml"

// EnvPrefix prefixes the environment variables that override settings.
const EnvPrefix = "DBZX"

// Config is the effective programme configuration.
type Config struct {
	College       string `mapstructure:"college" yaml:"college" json:"college"`
	Committee     string `mapstructure:"committee" yaml:"committee" json:"committee"`
	Office        string `mapstructure:"office" yaml:"office" json:"office"`
	Contact       string `mapstructure:"contact" yaml:"contact" json:"contact"`
	Programme     string `mapstructure:"programme" yaml:"programme" json:"programme"`
	Round         int    `mapstructure:"round" yaml:"round" json:"round"`
	NoticeDate    Date   `mapstructure:"notice_date" yaml:"notice_date" json:"notice_date"`
	Deadline      Date   `mapstructure:"deadline" yaml:"deadline" json:"deadline"`
	ReferenceDate Date   `mapstructure:"reference_date" yaml:"reference_date" json:"reference_date"`
	BarYears      int    `mapstructure:"bar_years" yaml:"bar_years" json:"bar_years"`
	// CorrectionDue is the deadline a correction notice (dbzx notices)
	// gives the units; zero: seven days after the notice's date.
	CorrectionDue Date       `mapstructure:"correction_due" yaml:"correction_due" json:"correction_due"`
	Publicity     string     `mapstructure:"publicity" yaml:"publicity" json:"publicity"`
	FormsDir      string     `mapstructure:"forms_dir" yaml:"forms_dir" json:"forms_dir"`
	Categories    []Category `mapstructure:"categories" yaml:"categories" json:"categories"`
	Units         []Unit     `mapstructure:"units" yaml:"units" json:"units"`
	// Provincial lists applications recommended to the provincial level
	// this year: recognised automatically, outside the quota.
	Provincial []Listed `mapstructure:"provincial" yaml:"provincial" json:"provincial"`
	// FailedAcceptance lists units whose acceptance failed (before dbzx kept
	// the record): barred for BarYears from the month given.
	FailedAcceptance []Listed `mapstructure:"failed_acceptance" yaml:"failed_acceptance" json:"failed_acceptance"`
	// History names the workspaces of earlier rounds (relative to this
	// one): their construction objects, acceptance results and bans are
	// read from their registers, never written.
	History []string `mapstructure:"history" yaml:"history" json:"history"`

	// CertificatePrefix and CertificateText shape the acceptance
	// certificates: 郑铁职院党建〔2024〕第001号, and the body with {unit},
	// {name}, {category} and {title} filled in.
	CertificatePrefix string `mapstructure:"certificate_prefix" yaml:"certificate_prefix" json:"certificate_prefix"`
	CertificateText   string `mapstructure:"certificate_text" yaml:"certificate_text" json:"certificate_text"`
	// SealImage is a PNG or JPEG of the seal to print instead of the drawn
	// one (relative to the workspace).
	SealImage string `mapstructure:"seal_image" yaml:"seal_image" json:"seal_image"`
	// Limits bound what one input may cost; hitting one rejects that file
	// with a reason, and the batch goes on.
	Limits Limits `mapstructure:"limits" yaml:"limits" json:"limits"`
	// Fonts names system fonts to use instead of the embedded ones, by role
	// (body, heading, title): "C:/Windows/Fonts/simsun.ttc#0".
	Fonts map[string]string `mapstructure:"fonts" yaml:"fonts" json:"fonts"`
	// Scoring is the committee's scoring sheet per category key.
	Scoring map[string][]Criterion `mapstructure:"scoring" yaml:"scoring" json:"scoring"`
	// MidtermScoring and FinalScoring are the 中期考核 and 验收 items per
	// category key: the rows of the stage forms' 自评 and of the
	// committee's sheets.
	MidtermScoring map[string][]Criterion `mapstructure:"midterm_scoring" yaml:"midterm_scoring" json:"midterm_scoring"`
	FinalScoring   map[string][]Criterion `mapstructure:"final_scoring" yaml:"final_scoring" json:"final_scoring"`

	// Sources lists where the settings came from, for `dbzx config`.
	Sources []string `mapstructure:"-" yaml:"-" json:"sources"`
}

// StageScoring returns the items of a stage ("midterm", "final") for a
// category.
func (c *Config) StageScoring(stage, category string) []Criterion {
	switch stage {
	case "midterm":
		return c.MidtermScoring[category]
	case "final":
		return c.FinalScoring[category]
	}
	return c.Scoring[category]
}

// Category is one of the programme's categories (标杆院部 …).
type Category struct {
	Key        string `mapstructure:"key" yaml:"key" json:"key"`
	Name       string `mapstructure:"name" yaml:"name" json:"name"`
	ShortName  string `mapstructure:"short_name" yaml:"short_name" json:"short_name"`
	Quota      int    `mapstructure:"quota" yaml:"quota" json:"quota"`
	Funding    int64  `mapstructure:"funding" yaml:"funding" json:"funding"` // 元
	CycleYears int    `mapstructure:"cycle_years" yaml:"cycle_years" json:"cycle_years"`
	Midterm    Month  `mapstructure:"midterm" yaml:"midterm" json:"midterm"`
	ReportDue  Date   `mapstructure:"report_due" yaml:"report_due" json:"report_due"`
	Acceptance Month  `mapstructure:"acceptance" yaml:"acceptance" json:"acceptance"`
	// Title is what a unit that passes acceptance is called (the
	// certificate's 称号).
	Title string `mapstructure:"title" yaml:"title" json:"title"`
}

// Listed names an application or a unit in a category; Name empty means
// any application of the unit. Month is when (failed acceptance).
type Listed struct {
	Category string `mapstructure:"category" yaml:"category" json:"category"`
	Unit     string `mapstructure:"unit" yaml:"unit" json:"unit"`
	Name     string `mapstructure:"name" yaml:"name,omitempty" json:"name,omitempty"`
	Month    Month  `mapstructure:"month" yaml:"month,omitempty" json:"month,omitempty"`
}

// Limits against hostile or broken input.
type Limits struct {
	FileMB         int `mapstructure:"file_mb" yaml:"file_mb" json:"file_mb"`       // one input file
	BundleMB       int `mapstructure:"bundle_mb" yaml:"bundle_mb" json:"bundle_mb"` // what a zip bundle may inflate to
	BundleEntries  int `mapstructure:"bundle_entries" yaml:"bundle_entries" json:"bundle_entries"`
	BundleRatio    int `mapstructure:"bundle_ratio" yaml:"bundle_ratio" json:"bundle_ratio"` // inflated/compressed of a large entry
	PartMB         int `mapstructure:"part_mb" yaml:"part_mb" json:"part_mb"`                // one part of a .docx, inflated
	XMLDepth       int `mapstructure:"xml_depth" yaml:"xml_depth" json:"xml_depth"`
	XMLElements    int `mapstructure:"xml_elements" yaml:"xml_elements" json:"xml_elements"`
	TableRows      int `mapstructure:"table_rows" yaml:"table_rows" json:"table_rows"`                // rows of one repeating table
	FieldChars     int `mapstructure:"field_chars" yaml:"field_chars" json:"field_chars"`             // characters of one field
	ConvertSeconds int `mapstructure:"convert_seconds" yaml:"convert_seconds" json:"convert_seconds"` // LibreOffice conversion
}

// Criterion is a line of the scoring sheet: what is scored and its weight.
type Criterion struct {
	Name   string `mapstructure:"name" yaml:"name" json:"name"`
	Points int    `mapstructure:"points" yaml:"points" json:"points"`
}

// Unit is a 党总支 or 直属党支部 that may submit.
type Unit struct {
	Name string `mapstructure:"name" yaml:"name" json:"name"`
	Type string `mapstructure:"type" yaml:"type" json:"type"`
}

// Category returns the category with the given key.
func (c *Config) Category(key string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Key == key {
			return cat, true
		}
	}
	return Category{}, false
}

// CategoryNames returns the categories' full names in configured order.
func (c *Config) CategoryNames() []string {
	out := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		out[i] = cat.Name
	}
	return out
}

// Load reads the effective configuration for a workspace folder. A missing
// dbzx.yaml is not an error (the defaults apply); an unreadable or invalid
// one is, as is any unknown key or ill-typed value.
func Load(workspace string) (*Config, error) {
	return load(workspace, os.LookupEnv)
}

func load(workspace string, lookup func(string) (string, bool)) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(strings.NewReader(string(defaultsYAML))); err != nil {
		return nil, fmt.Errorf("config: built-in defaults: %w", err)
	}
	sources := []string{"内置默认值（2022年通知）"}
	if workspace != "" {
		path := filepath.Join(workspace, FileName)
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			if err := v.MergeConfig(strings.NewReader(string(data))); err != nil {
				return nil, &Error{Path: path, Problem: Syntax, Line: yamlLine(err), Err: err}
			}
			sources = append(sources, path)
		case !errors.Is(err, os.ErrNotExist):
			return nil, &Error{Path: path, Problem: Unreadable, Err: err}
		}
	}
	// Environment overrides, for the scalar keys only (lists are not
	// addressable by one variable). Looked up explicitly rather than with
	// viper.AutomaticEnv so that tests can pass their own environment.
	for _, key := range v.AllKeys() {
		name := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		if val, ok := lookup(name); ok && val != "" { // an empty variable counts as unset
			v.Set(key, val)
			sources = append(sources, "环境变量 "+name)
		}
	}
	var (
		c       Config
		dateErr *DateError // mapstructure keeps the hook's error only as text
	)
	err := v.Unmarshal(&c, func(dc *mapstructure.DecoderConfig) {
		dc.ErrorUnused = true
		dc.WeaklyTypedInput = true
		dc.DecodeHook = func(from, to reflect.Type, data any) (any, error) {
			out, err := dateHook(from, to, data)
			errors.As(err, &dateErr)
			return out, err
		}
	})
	if err != nil {
		return nil, translate(err, dateErr)
	}
	c.Sources = sources
	if c.SealImage != "" && !filepath.IsAbs(c.SealImage) && workspace != "" {
		c.SealImage = filepath.Join(workspace, c.SealImage)
	}
	if c.FormsDir != "" && !filepath.IsAbs(c.FormsDir) && workspace != "" {
		c.FormsDir = filepath.Join(workspace, c.FormsDir)
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// translate types mapstructure's English: the key it names and what was
// wrong with its value. dateErr is the date hook's own error, which
// mapstructure keeps only as text.
func translate(err error, dateErr *DateError) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "decoding failed due to the following error(s):\n\n")
	if before, keys, ok := strings.Cut(msg, " has invalid keys: "); ok {
		// mapstructure says where the keys were found: 'categories[1]' in
		// a list item (which the clerk needs, there being four), the
		// struct's type name at the top level (which the clerk does not).
		keys, _, _ = strings.Cut(keys, "\n")
		at := strings.Trim(before[strings.LastIndex(before, "\n")+1:], "'")
		names := strings.Split(strings.TrimSpace(keys), ", ")
		if at != "" && at != reflect.TypeOf(Config{}).String() {
			for i := range names {
				names[i] = at + "." + names[i]
			}
		}
		return &Error{Key: strings.Join(names, ", "), Problem: Unknown}
	}
	if i := strings.Index(msg, "'"); i >= 0 {
		if j := strings.Index(msg[i+1:], "'"); j >= 0 {
			e := &Error{Key: msg[i+1 : i+1+j], Problem: valueProblem(msg[i+2+j:])}
			if e.Problem == Invalid && dateErr != nil {
				e.Problem, e.Err = BadDate, dateErr
			} else if e.Problem == Invalid {
				e.Err = err
			}
			return e
		}
	}
	return &Error{Problem: Invalid, Err: err}
}

// Check validates the settings that later stages rely on.
func (c *Config) Check() error {
	req := func(key, val string) error {
		if strings.TrimSpace(val) == "" {
			return &Error{Key: key, Problem: Missing}
		}
		return nil
	}
	for _, kv := range [][2]string{{"college", c.College}, {"committee", c.Committee},
		{"office", c.Office}, {"programme", c.Programme}} {
		if err := req(kv[0], kv[1]); err != nil {
			return err
		}
	}
	if c.Deadline.IsZero() {
		return &Error{Key: "deadline", Problem: Missing}
	}
	if c.ReferenceDate.IsZero() {
		c.ReferenceDate = c.Deadline
	}
	if c.BarYears < 0 {
		return &Error{Key: "bar_years", Problem: Negative, Found: strconv.Itoa(c.BarYears)}
	}
	if len(c.Categories) == 0 {
		return &Error{Key: "categories", Problem: Missing}
	}
	keys := map[string]bool{}
	for i, cat := range c.Categories {
		at := func(k string) string { return fmt.Sprintf("categories[%d].%s", i, k) }
		switch {
		case cat.Key == "":
			return &Error{Key: at("key"), Problem: Missing}
		case keys[cat.Key]:
			return &Error{Key: at("key"), Problem: Duplicate, Found: cat.Key}
		case cat.Name == "":
			return &Error{Key: at("name"), Problem: Missing}
		case cat.Quota < 0:
			return &Error{Key: at("quota"), Problem: Negative, Found: strconv.Itoa(cat.Quota)}
		case cat.Funding <= 0:
			return &Error{Key: at("funding"), Problem: NotPositive, Found: strconv.FormatInt(cat.Funding, 10)}
		case cat.CycleYears <= 0:
			return &Error{Key: at("cycle_years"), Problem: NotPositive, Found: strconv.Itoa(cat.CycleYears)}
		}
		keys[cat.Key] = true
		if cat.ShortName == "" {
			c.Categories[i].ShortName = cat.Name
		}
		if cat.Title == "" {
			c.Categories[i].Title = "校级" + cat.Name
		}
	}
	for list, entries := range map[string][]Listed{"provincial": c.Provincial, "failed_acceptance": c.FailedAcceptance} {
		for i, l := range entries {
			at := func(k string) string { return fmt.Sprintf("%s[%d].%s", list, i, k) }
			if _, ok := c.Category(l.Category); !ok {
				return &Error{Key: at("category"), Problem: NotCategory, Found: l.Category}
			}
			if strings.TrimSpace(l.Unit) == "" {
				return &Error{Key: at("unit"), Problem: Missing}
			}
			if list == "failed_acceptance" && l.Month.IsZero() {
				return &Error{Key: at("month"), Problem: Missing}
			}
		}
	}
	for i, h := range c.History {
		if strings.TrimSpace(h) == "" {
			return &Error{Key: fmt.Sprintf("history[%d]", i), Problem: Missing}
		}
	}
	for name, m := range map[string]map[string][]Criterion{"midterm_scoring": c.MidtermScoring, "final_scoring": c.FinalScoring} {
		for key, crit := range m {
			for i, cr := range crit {
				if cr.Name == "" || cr.Points <= 0 {
					return &Error{Key: fmt.Sprintf("%s.%s[%d]", name, key, i), Problem: BadCriterion}
				}
			}
		}
	}
	for key, crit := range c.Scoring {
		// Criteria of a category the configuration no longer has are
		// unused, not wrong: categories may be replaced wholesale.
		for i, cr := range crit {
			if cr.Name == "" || cr.Points <= 0 {
				return &Error{Key: fmt.Sprintf("scoring.%s[%d]", key, i), Problem: BadCriterion}
			}
		}
	}
	for key, v := range map[string]int{"file_mb": c.Limits.FileMB, "bundle_mb": c.Limits.BundleMB,
		"bundle_entries": c.Limits.BundleEntries, "bundle_ratio": c.Limits.BundleRatio, "part_mb": c.Limits.PartMB,
		"xml_depth": c.Limits.XMLDepth, "xml_elements": c.Limits.XMLElements, "table_rows": c.Limits.TableRows,
		"field_chars": c.Limits.FieldChars, "convert_seconds": c.Limits.ConvertSeconds} {
		if v <= 0 {
			return &Error{Key: "limits." + key, Problem: NotPositive, Found: strconv.Itoa(v)}
		}
	}
	for role := range c.Fonts {
		if role != "body" && role != "heading" && role != "title" {
			return &Error{Key: "fonts." + role, Problem: BadFontRole}
		}
	}
	for i, u := range c.Units {
		if strings.TrimSpace(u.Name) == "" {
			return &Error{Key: fmt.Sprintf("units[%d].name", i), Problem: Missing}
		}
	}
	return nil
}

var (
	dateType  = reflect.TypeOf(Date{})
	monthType = reflect.TypeOf(Month{})
)

// dateHook decodes "2022-11-24" into Date and "2023-11" into Month. YAML may
// have produced a time.Time for an unquoted date.
func dateHook(from, to reflect.Type, data any) (any, error) {
	if to != dateType && to != monthType {
		return data, nil
	}
	var s string
	switch v := data.(type) {
	case string:
		s = strings.TrimSpace(v)
	case time.Time:
		if to == monthType {
			return Month{v.Year(), v.Month()}, nil
		}
		return Date{time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)}, nil
	default:
		return data, nil
	}
	if s == "" {
		if to == monthType {
			return Month{}, nil
		}
		return Date{}, nil
	}
	if to == monthType {
		m, err := ParseMonth(s)
		if err != nil {
			return nil, err
		}
		return m, nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// valueProblem types mapstructure's complaint about one value (what
// follows the key in its message).
func valueProblem(rest string) Problem {
	switch {
	case strings.Contains(rest, "as 'int'"), strings.Contains(rest, "expected type 'int'"):
		return NotInteger
	case strings.Contains(rest, "as 'bool'"), strings.Contains(rest, "expected type 'bool'"):
		return NotBool
	case strings.Contains(rest, "expected type 'string'"):
		return NotText
	case strings.Contains(rest, "expected a map"), strings.Contains(rest, "expected type 'config."):
		return BadShape
	case strings.Contains(rest, "source data must be an array or slice"):
		return NotList
	}
	return Invalid
}

// yamlLineNo finds "line N" in a YAML parser's message.
var yamlLineNo = regexp.MustCompile(`line (\d+)`)

// yamlLine is the line a YAML syntax error names, or 0.
func yamlLine(err error) int {
	if m := yamlLineNo.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
