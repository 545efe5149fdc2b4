package views

import (
	"fmt"
	"time"

	"langportal/db"
)

// The pictures of the dashboard, as geometry computed here (and tested)
// and drawn by templ components; colours come from CSS classes, so both
// themes work, and every bar and cell carries a <title>.

// Bar is one day of the forecast.
type Bar struct {
	X, Y, W, H float64
	Label      string // the day, short: "Tue 10"
	Title      string // "Tue 10 Mar: 12 due"
	Tick       bool   // a label is drawn under it
}

// Forecast geometry, in viewBox units.
const (
	forecastW, forecastH = 600.0, 140.0
	forecastPlot         = 110.0 // the bars' height; the rest holds labels
)

// ForecastBars lays out the forecast: bar heights proportional to the
// busiest day; a day with nothing due gets no height but keeps its title.
func ForecastBars(days []db.ForecastDay) []Bar {
	most := 0
	for _, d := range days {
		most = max(most, d.Due)
	}
	step := forecastW / float64(max(len(days), 1))
	bars := make([]Bar, len(days))
	for i, d := range days {
		h := 0.0
		if most > 0 {
			h = forecastPlot * float64(d.Due) / float64(most)
		}
		if d.Due > 0 {
			h = max(h, 2) // a small day is still seen
		}
		date, _ := time.Parse(time.DateOnly, d.Date)
		bars[i] = Bar{
			X: float64(i)*step + 2, W: step - 4, Y: forecastPlot - h, H: h,
			Label: date.Format("2 Jan"),
			Title: fmt.Sprintf("%s: %s due", date.Format("Mon 2 Jan"), Count(d.Due)),
			Tick:  i%7 == 0,
		}
		if i == 0 {
			bars[i].Title = fmt.Sprintf("Today, %s: %s due (overdue included)", date.Format("Mon 2 Jan"), Count(d.Due))
			bars[i].Label = "Today"
		}
	}
	return bars
}

// ForecastLabel describes the forecast for a screen reader.
func ForecastLabel(days []db.ForecastDay) string {
	total := 0
	for _, d := range days {
		total += d.Due
	}
	return fmt.Sprintf("Words due in the next %d days: %s in all", len(days), Count(total))
}

// Cell is one day of the heatmap.
type Cell struct {
	X, Y  float64
	Level int // 0 (no review) to 4 (the busiest quarter of days)
	Title string
}

// MonthLabel names the month whose first week starts at X.
type MonthLabel struct {
	X    float64
	Name string
}

// Heatmap geometry: a column per week (Monday first), a row per weekday.
const (
	heatCell, heatGap = 11.0, 3.0
	heatWeeks         = 53
	heatTop           = 16.0 // room for the month labels
	heatLeft          = 28.0 // room for the weekday labels
)

// HeatmapWidth and HeatmapHeight size the heatmap's viewBox.
const (
	HeatmapWidth  = heatLeft + heatWeeks*(heatCell+heatGap)
	HeatmapHeight = heatTop + 7*(heatCell+heatGap)
)

// HeatmapCells lays out the 53 weeks that end with the week of today (a
// learner date, YYYY-MM-DD): days after today are left out; days before the
// first day with data are cells at level 0 too.
func HeatmapCells(days []db.HeatDay, today string) ([]Cell, []MonthLabel) {
	end, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, nil
	}
	byDate := make(map[string]db.HeatDay, len(days))
	most := 0
	for _, d := range days {
		byDate[d.Date] = d
		most = max(most, d.Reviews)
	}
	weekday := (int(end.Weekday()) + 6) % 7 // Monday 0
	firstMonday := end.AddDate(0, 0, -weekday-7*(heatWeeks-1))
	var cells []Cell
	var months []MonthLabel
	for col := 0; col < heatWeeks; col++ {
		monday := firstMonday.AddDate(0, 0, 7*col)
		if col == 0 || monday.Month() != monday.AddDate(0, 0, -7).Month() {
			if col < heatWeeks-2 {
				months = append(months, MonthLabel{X: heatLeft + float64(col)*(heatCell+heatGap), Name: monday.Format("Jan")})
			}
		}
		for row := 0; row < 7; row++ {
			date := monday.AddDate(0, 0, row)
			if date.After(end) {
				break
			}
			d := byDate[date.Format(time.DateOnly)]
			c := Cell{
				X:     heatLeft + float64(col)*(heatCell+heatGap),
				Y:     heatTop + float64(row)*(heatCell+heatGap),
				Level: heatLevel(d.Reviews, most),
				Title: fmt.Sprintf("%s: no reviews", date.Format("Mon 2 Jan 2006")),
			}
			if d.Reviews > 0 {
				c.Title = fmt.Sprintf("%s: %s, %s right", date.Format("Mon 2 Jan 2006"), Plural(d.Reviews, "review", "reviews"), Count(d.Correct))
			}
			cells = append(cells, c)
		}
	}
	return cells, months
}

func heatLevel(reviews, most int) int {
	switch {
	case reviews <= 0 || most <= 0:
		return 0
	case reviews*4 <= most:
		return 1
	case reviews*2 <= most:
		return 2
	case reviews*4 <= most*3:
		return 3
	}
	return 4
}

// HeatmapLabel describes the heatmap for a screen reader.
func HeatmapLabel(days []db.HeatDay, streak int) string {
	reviews := 0
	for _, d := range days {
		reviews += d.Reviews
	}
	return fmt.Sprintf("Reviews per day over the last year: %s on %s; streak %s",
		Count(reviews), Plural(len(days), "day", "days"), Plural(streak, "day", "days"))
}

// px formats a coordinate for SVG.
func px(f float64) string { return fmt.Sprintf("%.1f", f) }

func itoa(n int) string { return fmt.Sprint(n) }

// todayOf is the learner's date today: the forecast's first day.
func todayOf(r db.ReviewSummary) string {
	if len(r.Forecast) == 0 {
		return time.Now().Format(time.DateOnly)
	}
	return r.Forecast[0].Date
}
