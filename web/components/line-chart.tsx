import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** A uPlot line chart that follows its container's width; `data[0]` is time in seconds. */
export function LineChart(props: {
  title: string;
  series: { label: string; color: string }[];
  data: (number | null)[][];
  unit: (value: number) => string;
  /** The time span shown, in seconds: the whole hour or day, however few points there are. */
  rangeS: [number, number];
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef(props.rangeS);
  range.current = props.rangeS;
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height: 180,
      legend: { show: true },
      scales: {
        x: { time: true, range: () => range.current },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
      },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.2)' },
          values: (_u, values) => values.map((value) => props.unit(value)),
          size: 60,
        },
      ],
      series: [
        {},
        ...props.series.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          spanGaps: false,
          value: (_u: uPlot, value: number | null) => (value === null ? '–' : props.unit(value)),
        })),
      ],
    };
    plot.current = new uPlot(options, props.data as uPlot.AlignedData, element);
    const observer = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, element.clientWidth), height: 180 }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The series layout is fixed per chart; data changes go through setData below.
  }, [props.series.map((line) => line.label).join()]);
  useEffect(() => {
    plot.current?.setData(props.data as uPlot.AlignedData);
  }, [props.data]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} role="img" aria-label={`${props.title} chart`} />
    </figure>
  );
}
