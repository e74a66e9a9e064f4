package rules

// An internal test: the file types it checks are unexported.

import (
	"fmt"
	"io/fs"
	"reflect"
	"testing"

	"cctvgis/planner/rulebook"
)

// TestConversionIsComplete guards the field-by-field conversion of decode.go: each file type
// must have exactly the exported fields of its planner type, and converting must carry every
// value across. It converts a file value with every field set to a distinct value, so a
// field that no embedded rulebook uses yet is checked too, then every embedded file.
func TestConversionIsComplete(t *testing.T) {
	t.Run("every field set", func(t *testing.T) {
		var book bookFile
		fill(t, reflect.ValueOf(&book).Elem(), new(int))
		sameFields(t, "rulebook", reflect.ValueOf(book), reflect.ValueOf(*book.toPlanner()))

		var tax taxonomy
		fill(t, reflect.ValueOf(&tax).Elem(), new(int))
		sameFields(t, "taxonomy", reflect.ValueOf(tax), reflect.ValueOf(*tax.toPlanner()))
	})
	names, err := fs.Glob(embeddedRules, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if name == taxonomyFile {
				var tax taxonomy
				if err := decodeFile(embeddedRules, name, &tax); err != nil {
					t.Fatal(err)
				}
				sameFields(t, name, reflect.ValueOf(tax), reflect.ValueOf(*tax.toPlanner()))
				return
			}
			var book bookFile
			if err := decodeFile(embeddedRules, name, &book); err != nil {
				t.Fatal(err)
			}
			sameFields(t, name, reflect.ValueOf(book), reflect.ValueOf(*book.toPlanner()))
		})
	}
}

var (
	dateType        = reflect.TypeFor[date]()
	plannerDateType = reflect.TypeFor[rulebook.Date]()
)

// fill sets every field reachable from v to a non-zero value, each string, int and date
// distinct, and every slice to two elements so that converting only the first shows.
func fill(t *testing.T, v reflect.Value, n *int) {
	t.Helper()
	*n++
	if v.Type() == dateType {
		d, err := rulebook.ParseDate("2000-01-01")
		if err != nil {
			t.Fatal(err)
		}
		v.Set(reflect.ValueOf(date{d.AddDays(*n)}))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range v.Len() {
			fill(t, v.Index(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), n)
	case reflect.String:
		v.SetString(fmt.Sprint("s", *n))
	case reflect.Int:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	default:
		t.Fatalf("fill: no rule for %s", v.Type())
	}
}

// sameFields checks that the file value f and the planner value p have the same exported
// fields by name, holding the same values.
func sameFields(t *testing.T, where string, f, p reflect.Value) {
	t.Helper()
	if f.Type() == dateType {
		if p.Type() != plannerDateType {
			t.Fatalf("%s: a date becomes %s, want rulebook.Date", where, p.Type())
		}
		if got, want := p.Interface().(rulebook.Date).String(), f.Interface().(date).String(); got != want {
			t.Errorf("%s = %s, want %s", where, got, want)
		}
		return
	}
	if f.Kind() != p.Kind() {
		t.Fatalf("%s: %s in the file type, %s in planner", where, f.Type(), p.Type())
	}
	switch f.Kind() {
	case reflect.Struct:
		for sf := range p.Type().Fields() {
			if _, ok := directField(f.Type(), sf.Name); sf.IsExported() && !ok {
				t.Errorf("%s: %s.%s has no field in the file type %s", where, p.Type(), sf.Name, f.Type())
			}
		}
		for sf := range f.Type().Fields() {
			pf, ok := directField(p.Type(), sf.Name)
			if !ok {
				t.Errorf("%s: file type %s.%s has no field in %s", where, f.Type(), sf.Name, p.Type())
				continue
			}
			sameFields(t, where+"."+sf.Name, f.FieldByIndex(sf.Index), p.FieldByIndex(pf.Index))
		}
	case reflect.Slice:
		if f.IsNil() != p.IsNil() || f.Len() != p.Len() {
			t.Errorf("%s: %d elements (nil %v), want %d (nil %v)", where, p.Len(), p.IsNil(), f.Len(), f.IsNil())
			return
		}
		for i := range f.Len() {
			sameFields(t, fmt.Sprintf("%s[%d]", where, i), f.Index(i), p.Index(i))
		}
	case reflect.Pointer:
		if f.IsNil() != p.IsNil() {
			t.Errorf("%s: nil %v, want nil %v", where, p.IsNil(), f.IsNil())
			return
		}
		if !f.IsNil() {
			sameFields(t, where, f.Elem(), p.Elem())
		}
	case reflect.String:
		if f.String() != p.String() {
			t.Errorf("%s = %q, want %q", where, p.String(), f.String())
		}
	case reflect.Int:
		if f.Int() != p.Int() {
			t.Errorf("%s = %d, want %d", where, p.Int(), f.Int())
		}
	case reflect.Bool:
		if f.Bool() != p.Bool() {
			t.Errorf("%s = %v, want %v", where, p.Bool(), f.Bool())
		}
	default:
		t.Fatalf("%s: no rule to compare %s", where, f.Type())
	}
}

// directField finds a field declared in typ itself, not one promoted from an embedded struct.
func directField(typ reflect.Type, name string) (reflect.StructField, bool) {
	sf, ok := typ.FieldByName(name)
	return sf, ok && len(sf.Index) == 1
}
