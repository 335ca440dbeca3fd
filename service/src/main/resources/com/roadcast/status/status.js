// The operator status page: draws the sensors from /status/api/network, fills the panels from
// /status/api/summary, charts a clicked sensor from /status/api/sensor, and refreshes when
// /status/events announces a new window (and every minute, for windows ingested at another instance).
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const REFRESH_MS = 60000;
  const TILE = 256;
  const state = { network: null, markers: [], sizeMarkers: () => {}, selected: null, chart: null };
  const $ = (id) => document.getElementById(id);

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status);
    }
    return response.json();
  }

  function band(speed) {
    if (speed === null || speed === undefined) return 'band-none';
    if (speed >= 55) return 'band-fast';
    if (speed >= 45) return 'band-fair';
    if (speed >= 30) return 'band-mid';
    return 'band-slow';
  }

  function element(tag, attributes) {
    const created = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([name, value]) => created.setAttribute(name, value));
    return created;
  }

  // Web Mercator, in the world pixels of zoom level z (the tiles' own coordinates).
  function project(latitude, longitude, z) {
    const size = TILE * Math.pow(2, z);
    const sin = Math.sin(latitude * Math.PI / 180);
    return [(longitude + 180) / 360 * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
  }

  function drawMap(network) {
    const svg = $('map');
    const whole = network.sensors.map((s) => project(s.latitude, s.longitude, 0));
    const spread = Math.max(1e-9, ...[0, 1].map((axis) =>
      Math.max(...whole.map((p) => p[axis])) - Math.min(...whole.map((p) => p[axis]))));
    const zoom = Math.max(0, Math.min(18, Math.floor(Math.log2(900 / spread))));
    const points = network.sensors.map((s) => project(s.latitude, s.longitude, zoom));
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 200);
    const pad = span * 0.06;
    const box = [Math.min(...xs) - pad, Math.min(...ys) - pad,
      Math.max(...xs) - Math.min(...xs) + 2 * pad, Math.max(...ys) - Math.min(...ys) + 2 * pad];
    svg.setAttribute('viewBox', box.join(' '));
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    if (network.tile_url) {
      drawTiles(svg, network.tile_url, zoom, box);
    }
    state.markers = network.sensors.map((sensor, index) => {
      const marker = element('circle', { cx: points[index][0], cy: points[index][1], r: span / 110,
        class: 'sensor band-none', tabindex: '0', role: 'button', 'data-id': sensor.id });
      marker.appendChild(element('title', {})).textContent = sensor.id;
      marker.addEventListener('click', () => select(sensor.id));
      marker.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select(sensor.id);
        }
      });
      svg.appendChild(marker);
      return marker;
    });
    state.sizeMarkers = () => {
      // at least 5 screen pixels across the radius, so that a finger can hit a sensor on a phone
      const unitsPerPixel = Math.max(box[2] / (svg.clientWidth || 1), box[3] / (svg.clientHeight || 1));
      const radius = String(Math.max(span / 110, 5 * unitsPerPixel));
      state.markers.forEach((marker) => marker.setAttribute('r', radius));
    };
    state.sizeMarkers();
    $('sensor-total').textContent = '(' + network.sensors.length + ')';
    $('map-note').textContent = network.tile_url ? '' : 'No base map (status.tileUrl unset): sensors at their coordinates.';
  }

  // The tiles under the sensors and a ring around them, so a wide screen shows no bare edge.
  function drawTiles(svg, template, zoom, box) {
    const last = Math.pow(2, zoom) - 1;
    const first = (value) => Math.max(0, Math.floor(value / TILE) - 1);
    const end = (value) => Math.min(last, Math.floor(value / TILE) + 1);
    for (let x = first(box[0]); x <= end(box[0] + box[2]); x++) {
      for (let y = first(box[1]); y <= end(box[1] + box[3]); y++) {
        const href = template.replace('{z}', zoom).replace('{x}', x).replace('{y}', y);
        svg.appendChild(element('image', { href: href, x: x * TILE, y: y * TILE, width: TILE, height: TILE, class: 'tile' }));
      }
    }
  }

  function showSummary(summary) {
    $('data-as-of').textContent = summary.data_as_of || 'no data yet';
    state.markers.forEach((marker, index) => {
      const speed = summary.speeds[index];
      const id = state.network.sensors[index].id;
      marker.setAttribute('class', 'sensor ' + band(speed) + (id === state.selected ? ' selected' : ''));
      marker.setAttribute('data-speed', speed === null ? '' : String(speed));
      marker.firstChild.textContent = id + ': ' + (speed === null ? 'no reading' : speed + ' mph') + ' (' + summary.statuses[index] + ')';
    });
    $('model-name').textContent = summary.model.name;
    $('model-version').textContent = summary.model.version;
    $('model-loaded').textContent = summary.model.loaded_at;
    $('model-shadow').textContent = summary.model.shadow || 'none';
    $('last-ingest').textContent = summary.last_ingest_at
      ? new Date(summary.last_ingest_at).toLocaleString() + ' (' + ago(summary.seconds_since_last_ingest) + ')'
      : 'nothing ingested yet';
    $('window-steps').textContent = summary.steps_in_window + ' of ' + summary.window_steps + ' steps';
    fillList($('sensor-counts'), Object.entries(summary.sensor_counts), ([status, count]) => [status + ' ' + count, status, '']);
    fillList($('checks'), summary.checks, (check) =>
      [check.name + (check.healthy ? ' ✓' : ' ✗'), check.healthy ? 'healthy' : 'unhealthy', check.message || '']);
    $('instance-ready').textContent = summary.instance.ready ? 'yes' : 'no (draining)';
    $('instance-started').textContent = new Date(summary.instance.started_at).toLocaleString()
      + ' (' + ago(summary.instance.uptime_seconds) + ')';
    $('instance-redis').textContent = summary.instance.redis;
    showAccuracy(summary.accuracy, summary.accuracy_note);
  }

  function fillList(list, items, describe) {
    list.replaceChildren(...items.map((item) => {
      const [text, className, title] = describe(item);
      const entry = document.createElement('li');
      entry.textContent = text;
      entry.className = className;
      if (title) entry.title = title;
      return entry;
    }));
  }

  function showAccuracy(report, note) {
    const table = $('accuracy');
    $('accuracy-note').textContent = report ? 'Targets ' + report.from + ' to ' + report.to + ' (' + note + ')' : note;
    table.hidden = !report;
    if (!report) return;
    const number = (value) => (value === null ? '—' : value.toFixed(2));
    table.tBodies[0].replaceChildren(...report.horizons.map((h) => {
      const row = document.createElement('tr');
      [h.minutes, h.count, number(h.mae), number(h.rmse), number(h.persistence_mae)].forEach((value, column) => {
        const cell = row.insertCell();
        cell.textContent = value;
        if (column === 2 && h.mae !== null && h.persistence_mae !== null && h.mae < h.persistence_mae) {
          cell.className = 'better';
        }
      });
      return row;
    }));
  }

  function ago(seconds) {
    if (seconds === null || seconds === undefined) return '';
    if (seconds < 120) return seconds + ' s ago';
    if (seconds < 7200) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h ago';
    return Math.round(seconds / 86400) + ' days ago';
  }

  async function select(id) {
    state.selected = id;
    state.markers.forEach((marker) => marker.classList.toggle('selected', marker.getAttribute('data-id') === id));
    try {
      showSensor(await getJson('/status/api/sensor?id=' + encodeURIComponent(id)));
    } catch (failure) {
      $('sensor-info').textContent = 'Could not read sensor ' + id + ': ' + failure.message;
    }
  }

  function showSensor(detail) {
    $('sensor-id').textContent = detail.id;
    const forecast = detail.forecast;
    $('sensor-info').textContent = detail.status + '; last reading ' + (detail.last_reading_at || 'none') + '; '
      + (detail.missing_ratio_24h * 100).toFixed(1) + '% missing over 24 h; '
      + (forecast ? 'forecast from ' + forecast.data_as_of + ', ' + forecast.minutes.length + ' horizons'
        : 'no forecast of record for this window yet');
    const observed = detail.readings;
    const ahead = forecast ? forecast.speeds : { times: [], speeds: [] };
    const data = [observed.times.concat(ahead.times),
      observed.speeds.concat(ahead.times.map(() => null)),
      observed.times.map(() => null).concat(ahead.speeds)];
    const container = $('sensor-chart');
    if (state.chart) state.chart.destroy();
    state.chart = new uPlot({
      width: Math.max(240, container.clientWidth),
      height: 220,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), state.network.time_zone),
      scales: { y: { range: (chart, min, max) => [0, Math.max(80, Math.ceil((max || 0) / 10) * 10)] } },
      axes: [{}, { label: 'mph', size: 50 }],
      series: [{},
        { label: 'observed', stroke: '#1d2430', width: 2 },
        { label: 'forecast', stroke: '#2b6cb0', width: 2, dash: [6, 4], points: { show: true, size: 6 } }],
    }, data, container);
  }

  async function refresh() {
    try {
      showSummary(await getJson('/status/api/summary'));
      if (state.selected) await select(state.selected);
    } catch (failure) {
      $('live').textContent = 'cannot read the status: ' + failure.message;
    }
  }

  function listen() {
    const live = $('live');
    const events = new EventSource('/status/events');
    events.addEventListener('open', () => {
      live.textContent = 'live';
      live.className = 'live on';
    });
    events.addEventListener('error', () => {
      // closed: refused (too many pages listening); otherwise the browser reconnects by itself
      live.textContent = events.readyState === EventSource.CLOSED ? 'not live: refreshing every minute' : 'reconnecting…';
      live.className = 'live off';
    });
    events.addEventListener('window', refresh);
  }

  async function start() {
    state.network = await getJson('/status/api/network');
    drawMap(state.network);
    await refresh();
    listen();
    setInterval(refresh, REFRESH_MS);
    window.addEventListener('resize', () => {
      state.sizeMarkers();
      if (state.chart) state.chart.setSize({ width: Math.max(240, $('sensor-chart').clientWidth), height: 220 });
    });
  }

  start().catch((failure) => {
    $('map-note').textContent = 'The status page could not start: ' + failure.message;
  });
})();
