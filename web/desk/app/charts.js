// Charts of coverage: stacked bars of covered, partial and uncovered sites by category
// or district. Only the parts of ECharts these need are bundled.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { COLORS } from './map.js';
import { t } from './i18n.js';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * coverageBars draws rows ({label, covered, partial, uncovered}) as horizontal stacked
 * bars into el; it answers a function that disposes of the chart.
 */
export function coverageBars(el, rows) {
  el.style.height = `${Math.max(120, 34 + rows.length * 22)}px`;
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  const series = ['covered', 'partial', 'uncovered'].map((k) => ({
    name: t(k), type: 'bar', stack: 'sites', barMaxWidth: 14,
    itemStyle: { color: COLORS[k] },
    data: rows.map((r) => r[k]),
  }));
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 12, top: 26, bottom: 4, containLabel: true },
    legend: { top: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' } },
    series,
  });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
