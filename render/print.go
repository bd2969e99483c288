package render

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// printSetup is how every workbook dbzx writes prints: A4 in the given
// orientation, one page wide (as many pages long as it takes), with the
// title rows first..last repeated at the top of every page. For a sheet
// written with the stream writer it must come before the stream writer
// is made: afterwards excelize drops it.
func printSetup(x *excelize.File, sheet, orientation string, first, last int) error {
	size, one, zero := 9, 1, 0
	if err := x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, first, last), Scope: sheet})
}
