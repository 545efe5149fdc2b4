package static

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

// colours reads the custom properties of app.css that hold a colour, in the
// light and the dark theme.
func colours(t *testing.T) (light, dark map[string]string) {
	t.Helper()
	css, err := Files.ReadFile("app.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark = map[string]string{}, map[string]string{}
	both := regexp.MustCompile(`--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\);`)
	for _, m := range both.FindAllStringSubmatch(string(css), -1) {
		light[m[1]], dark[m[1]] = m[2], m[3]
	}
	one := regexp.MustCompile(`--([\w-]+):\s*(#[0-9a-f]{6});`)
	for _, m := range one.FindAllStringSubmatch(string(css), -1) {
		light[m[1]], dark[m[1]] = m[2], m[2]
	}
	return light, dark
}

// luminance is the relative luminance of #rrggbb (WCAG 2.2).
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	var rgb [3]float64
	for i := range rgb {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestContrastMeetsWCAGAA checks every pair of text and background colours
// the stylesheet uses, in both themes: 4.5:1 for text, 3:1 for the focus ring.
func TestContrastMeetsWCAGAA(t *testing.T) {
	text := [][2]string{
		{"text", "bg"}, {"text", "surface"}, {"text", "surface-2"}, {"text", "wrong-soft"}, {"text", "right-soft"},
		{"muted", "bg"}, {"muted", "surface"}, {"muted", "surface-2"}, {"muted", "wrong-soft"},
		{"accent", "bg"}, {"accent", "surface"}, {"accent", "surface-2"}, {"accent", "accent-soft"},
		{"accent-strong", "surface"}, {"on-accent", "accent"}, {"on-accent", "accent-strong"},
		{"right", "surface"}, {"right", "surface-2"}, {"right", "right-soft"}, {"surface", "right"},
		{"wrong", "surface"}, {"wrong", "surface-2"}, {"wrong", "wrong-soft"}, {"surface", "wrong"},
		{"sidebar-text", "sidebar-bg"}, {"sidebar-text", "sidebar-active-bg"}, {"sidebar-active", "sidebar-active-bg"},
	}
	focus := [][2]string{{"focus", "bg"}, {"focus", "surface"}, {"focus", "sidebar-bg"}}
	light, dark := colours(t)
	for name, theme := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, set := range []struct {
			pairs [][2]string
			min   float64
		}{{text, 4.5}, {focus, 3}} {
			for _, p := range set.pairs {
				fg, bg := theme[p[0]], theme[p[1]]
				if fg == "" || bg == "" {
					t.Errorf("%s theme: no colour for %s or %s", name, p[0], p[1])
					continue
				}
				if c := contrast(t, fg, bg); c < set.min {
					t.Errorf("%s theme: %s on %s has contrast %.2f, want at least %.1f", name, p[0], p[1], c, set.min)
				}
			}
		}
	}
}
