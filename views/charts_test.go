package views

import (
	"strings"
	"testing"

	"langportal/db"
)

func TestForecastBars(t *testing.T) {
	days := []db.ForecastDay{{Date: "2026-03-10", Due: 12}, {Date: "2026-03-11", Due: 0}, {Date: "2026-03-12", Due: 6}, {Date: "2026-03-13", Due: 1}}
	bars := ForecastBars(days)
	if len(bars) != 4 {
		t.Fatalf("%d bars, want 4", len(bars))
	}
	if bars[0].H != forecastPlot || bars[0].Y != 0 {
		t.Errorf("the busiest day: height %v at %v, want the full %v", bars[0].H, bars[0].Y, forecastPlot)
	}
	if bars[2].H != forecastPlot/2 {
		t.Errorf("half as busy: height %v, want %v", bars[2].H, forecastPlot/2)
	}
	if bars[1].H != 0 || bars[3].H < 2 {
		t.Errorf("an empty day has height %v (want 0); a day with 1 due %v (want at least 2)", bars[1].H, bars[3].H)
	}
	if bars[0].Label != "Today" || !strings.Contains(bars[0].Title, "12 due") || !strings.Contains(bars[2].Title, "Thu 12 Mar: 6 due") {
		t.Errorf("titles = %q, %q", bars[0].Title, bars[2].Title)
	}
	for i := 1; i < len(bars); i++ {
		if bars[i].X <= bars[i-1].X+bars[i-1].W {
			t.Errorf("bar %d overlaps the one before", i)
		}
	}
	if got := ForecastBars([]db.ForecastDay{{Date: "2026-03-10"}}); got[0].H != 0 {
		t.Errorf("nothing due anywhere: height %v, want 0", got[0].H)
	}
}

func TestHeatmapCells(t *testing.T) {
	// 2026-03-11 is a Wednesday: the last column has Mon–Wed.
	cells, months := HeatmapCells([]db.HeatDay{{Date: "2026-03-11", Reviews: 40, Correct: 30}, {Date: "2026-03-09", Reviews: 10, Correct: 10},
		{Date: "2025-03-20", Reviews: 25, Correct: 5}}, "2026-03-11")
	if want := 52*7 + 3; len(cells) != want {
		t.Errorf("%d cells, want %d (52 full weeks and Mon–Wed)", len(cells), want)
	}
	last := cells[len(cells)-1]
	if last.Level != 4 || !strings.Contains(last.Title, "Wed 11 Mar 2026: 40 reviews, 30 right") {
		t.Errorf("today's cell = %+v", last)
	}
	if monday := cells[len(cells)-3]; monday.Level != 1 || monday.X != last.X || monday.Y >= last.Y {
		t.Errorf("Monday's cell = %+v, want level 1 above today in the same column", monday)
	}
	levels := map[int]int{}
	for _, c := range cells {
		levels[c.Level]++
		if c.X+heatCell > HeatmapWidth || c.Y+heatCell > HeatmapHeight {
			t.Errorf("cell %+v lies outside the picture", c)
		}
	}
	if levels[0] != len(cells)-3 || levels[3] != 1 {
		t.Errorf("levels = %v, want 3 shaded days (one at level 3)", levels)
	}
	if len(months) < 11 || len(months) > 13 {
		t.Errorf("%d month labels, want about 12", len(months))
	}
	for i := 1; i < len(months); i++ {
		if months[i].X <= months[i-1].X {
			t.Errorf("month labels out of order: %v", months)
		}
	}
}

func TestHeatLevel(t *testing.T) {
	for _, tc := range []struct{ reviews, most, want int }{{0, 10, 0}, {1, 100, 1}, {25, 100, 1}, {26, 100, 2}, {50, 100, 2}, {75, 100, 3}, {76, 100, 4}, {5, 5, 4}, {3, 0, 0}} {
		if got := heatLevel(tc.reviews, tc.most); got != tc.want {
			t.Errorf("heatLevel(%d, %d) = %d, want %d", tc.reviews, tc.most, got, tc.want)
		}
	}
}
