/**
 * A camera shown in a <video>: the devices to choose from, start and stop, and the current frame as JPEG base64.
 * Webcam capture and the Playground's live prediction share it; the stream stops when its component goes away or
 * out of view (the studio keeps views alive), so the camera light never stays on behind the user's back.
 */
import { onBeforeUnmount, onDeactivated, ref, type Ref } from 'vue';

export function useCamera(video: Ref<HTMLVideoElement | undefined>) {
  const cameras = ref<MediaDeviceInfo[]>([]);
  /** The chosen device id; empty for the default camera. */
  const camera = ref('');
  const on = ref(false);
  const failed = ref('');
  let stream: MediaStream | null = null;

  async function start(): Promise<boolean> {
    failed.value = '';
    try {
      stop();
      stream = await navigator.mediaDevices.getUserMedia({ video: camera.value ? { deviceId: { exact: camera.value } } : true, audio: false });
      cameras.value = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      if (video.value) { video.value.srcObject = stream; await video.value.play().catch(() => undefined); }
      on.value = true;
    } catch (err) { failed.value = (err as Error).message; }
    return on.value;
  }
  function stop(): void {
    stream?.getTracks().forEach((tr) => tr.stop());
    stream = null;
    if (video.value) video.value.srcObject = null;
    on.value = false;
  }
  /** The frame on screen now, unmirrored, as JPEG base64; null before the first frame arrives. */
  function grab(quality = 0.9): string | null {
    const v = video.value;
    if (!v || !v.videoWidth) return null;
    const c = document.createElement('canvas');
    c.width = v.videoWidth; c.height = v.videoHeight;
    c.getContext('2d')!.drawImage(v, 0, 0);
    return c.toDataURL('image/jpeg', quality).split(',')[1]!;
  }
  onBeforeUnmount(stop);
  onDeactivated(stop);
  return { cameras, camera, on, failed, start, stop, grab };
}
