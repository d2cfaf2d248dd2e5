package dev.chatroom.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code --plot FILE.svg|FILE.png}: deliveries/s and p99 against room size, one line per target (XChart). */
final class SweepPlot {
  private SweepPlot() {}

  static void write(List<Summary> rows, String file) throws IOException {
    XYChart rate = chart("Deliveries per second (median)", "deliveries/s");
    XYChart p99 = chart("p99 latency (median)", "p99 (ms)");
    Map<String, List<Summary>> byTarget = new LinkedHashMap<>();
    for (Summary s : rows) {
      if (!s.target().equals("sink")) {
        byTarget.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s);
      }
    }
    byTarget.forEach((target, ss) -> {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> ms = new ArrayList<>();
      for (Summary s : ss) {
        x.add((double) s.roomSize());
        y.add(Math.max(1, s.delivered().median()));
        ms.add(Math.max(0.001, s.p99().median() / 1000));
      }
      rate.addSeries(target, x, y);
      p99.addSeries(target, x, ms);
    });
    String base = file.replaceFirst("\\.(svg|png)$", "");
    boolean svg = file.endsWith(".svg");
    // one image with both charts side by side is not something XChart composes; write two, named FILE and FILE-p99
    if (svg) {
      VectorGraphicsEncoder.saveVectorGraphic(rate, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      VectorGraphicsEncoder.saveVectorGraphic(p99, base + "-p99", VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } else {
      BitmapEncoder.saveBitmap(rate, base, BitmapEncoder.BitmapFormat.PNG);
      BitmapEncoder.saveBitmap(p99, base + "-p99", BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(720).height(420).title(title)
        .xAxisTitle("room size (members)").yAxisTitle(yTitle).build();
    c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
        .setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(6);
    return c;
  }
}
