//! Android: the data dir is the Activity's `getFilesDir()`, reached through
//! JNI because Dioxus has no API for it and `$HOME` is not set on Android.

use jni::JavaVM;
use jni::objects::{JObject, JString};
use std::path::PathBuf;

pub fn files_dir() -> Option<PathBuf> {
    let ctx = ndk_context::android_context();
    // SAFETY: ndk-context hands out the process's JavaVM and a global
    // reference to the Activity, both valid for the life of the app.
    let vm = unsafe { JavaVM::from_raw(ctx.vm().cast()) }.ok()?;
    let mut env = vm.attach_current_thread().ok()?;
    let activity = unsafe { JObject::from_raw(ctx.context().cast()) };
    let file = env.call_method(&activity, "getFilesDir", "()Ljava/io/File;", &[]).ok()?.l().ok()?;
    let path = env.call_method(&file, "getAbsolutePath", "()Ljava/lang/String;", &[]).ok()?.l().ok()?;
    let path: String = env.get_string(&JString::from(path)).ok()?.into();
    Some(PathBuf::from(path))
}
