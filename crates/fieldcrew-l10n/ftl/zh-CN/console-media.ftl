# 控制台：照片存储（文件夹或 S3）出错时
media_store_unavailable = 照片存储暂时无法访问，请稍后再试。照片没有丢失。
media_store_failed = 照片存储出错，请联系系统管理员检查媒体存储设置（media_url、[media_s3]）。
